import type { RecordedEvent } from '../audit/chain.ts';
import type { Page } from '../pagination.ts';
import type { PaymentOrder } from '../payments/payment.ts';
import type {
  Application,
  ApplicationEvent,
  ApplicationStatus,
  DocumentVersion,
  Opinion,
} from './application.ts';

export interface ListQuery {
  status?: ApplicationStatus;
  cursor?: string;
  limit: number;
}

/** A state change: the new application (version-checked), its events, and what goes with it, in one transaction. */
export interface Transition {
  next: Application;
  expectedVersion: number;
  events: ApplicationEvent[];
  /** Referrals to agencies: created PENDING at admissibility, ANSWERED with the agency's opinion. */
  referrals?: { agency: string; state: 'PENDING' | 'ANSWERED' }[];
  /** An opinion, which must not exist yet for its agency and round. */
  opinion?: Opinion;
  /** The payment order an approval opens. */
  paymentOrder?: PaymentOrder;
}

export interface WorklistQuery {
  /** Open files (with the administration or returned) or closed ones (decided, withdrawn). */
  open: boolean;
  status?: ApplicationStatus;
  procedureCode?: string;
  cursor?: string;
  limit: number;
}

export interface ApplicationRepository {
  /** Applies a transition atomically; 409 when the application changed meanwhile or the opinion exists. */
  saveTransition(transition: Transition): Promise<void>;
  /** A commune's files, soonest legal deadline first. */
  listByCommune(communeId: string, query: WorklistQuery): Promise<Page<Application>>;
  /** Open files of a commune whose deadline date is before `date` (YYYY-MM-DD). */
  listPastDeadline(communeId: string, date: string): Promise<Application[]>;
  /** Closed files of a commune whose legal deadline fell between `from` and `to` (YYYY-MM-DD, inclusive). */
  listClosedByDeadline(communeId: string, from: string, to: string): Promise<Application[]>;
  /** Files referred to an agency in a province, soonest deadline first. */
  listReferrals(
    agency: string,
    provinceId: string,
    state: 'PENDING' | 'ANSWERED',
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Application>>;
  /** Stores a new draft with its creation event. */
  create(app: Application, event: ApplicationEvent): Promise<void>;
  get(id: string): Promise<Application | undefined>;
  /**
   * Replaces the application if its stored version is still `expectedVersion` (else a 409), and
   * records the event in the same transaction. `next.version` must be `expectedVersion + 1`.
   */
  update(next: Application, expectedVersion: number, event: ApplicationEvent): Promise<void>;
  /** Deletes a draft (and its document history items) if still at `expectedVersion`. */
  deleteDraft(app: Application): Promise<void>;
  /**
   * Submits: takes the next receipt number of the commune and year without gaps, and writes the
   * submitted application, the counter and the event in one transaction (retrying on contention).
   */
  submit(
    expectedVersion: number,
    receipt: { communeId: string; year: number },
    build: (sequence: number) => { next: Application; event: ApplicationEvent },
  ): Promise<Application>;
  /** Adds a document version and makes it the slot's current one, while the application is a draft. */
  addDocumentVersion(app: Application, doc: DocumentVersion, event: ApplicationEvent): Promise<void>;
  documentHistory(id: string, code: string): Promise<DocumentVersion[]>;
  /** The application's events in chain order (seq 1, 2, …), each with its prevHash and hash. */
  events(id: string): Promise<RecordedEvent[]>;
  listByProfessional(professionalId: string, query: ListQuery): Promise<Page<Application>>;
  listFollowed(applicantUsername: string, query: ListQuery): Promise<Page<Application>>;
  /** Adds a following applicant account (idempotent). */
  addFollower(app: Application, username: string, event: ApplicationEvent): Promise<void>;
}

export interface StoredObject {
  sizeBytes: number;
  contentType: string;
  versionId?: string;
  sha256: string;
  /** First bytes, to check the content really is what its type says. */
  head: Uint8Array;
}

/** Document storage (S3): presigned uploads bounded in size and type, inspection, presigned downloads. */
export interface DocumentStorage {
  presignUpload(args: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds: number;
  }): Promise<{ url: string; fields: Record<string, string> }>;
  inspect(key: string): Promise<StoredObject | undefined>;
  presignDownload(args: {
    key: string;
    versionId?: string;
    fileName: string;
    expiresInSeconds: number;
  }): Promise<string>;
}
