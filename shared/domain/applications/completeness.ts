import { missingProjectFields, requiredDocuments } from '../procedures/rules.ts';
import type { DocumentRequirement, Procedure } from '../procedures/schema.ts';
import type { Application } from './application.ts';

export interface CompletenessProblem {
  /** A document code, or `project.<field>` for missing project data. */
  code: string;
  reason: 'missing' | 'format-not-allowed' | 'too-large' | 'project-field-missing' | 'checksum-mismatch';
  detail: string;
  /** What the problem is about, for messages in the reader's language. */
  contentType?: string;
  accepted?: string[];
  maxSizeMb?: number;
}

/** Every reason a draft cannot be submitted yet, all at once (never one at a time). */
export function completenessProblems(procedure: Procedure, app: Application): CompletenessProblem[] {
  const problems: CompletenessProblem[] = [];
  for (const requirement of requiredDocuments(procedure, app.size)) {
    const current = app.documents[requirement.code];
    if (!current) {
      problems.push({
        code: requirement.code,
        reason: 'missing',
        detail: `${requirement.labelFr} is required.`,
      });
      continue;
    }
    problems.push(...documentProblems(requirement, current.contentType, current.sizeBytes));
  }
  for (const field of missingProjectFields(procedure, app.project)) {
    problems.push({
      code: `project.${field}`,
      reason: 'project-field-missing',
      detail: `Project field ${field} is required.`,
    });
  }
  return problems;
}

/** A document against its slot's rules (format and size); used when issuing upload URLs and on confirm. */
export function documentProblems(
  requirement: DocumentRequirement,
  contentType: string,
  sizeBytes: number,
): CompletenessProblem[] {
  const problems: CompletenessProblem[] = [];
  if (!(requirement.formats as readonly string[]).includes(contentType)) {
    problems.push({
      code: requirement.code,
      reason: 'format-not-allowed',
      detail: `${contentType} is not accepted for ${requirement.code}; accepted: ${requirement.formats.join(', ')}.`,
      contentType,
      accepted: [...requirement.formats],
    });
  }
  if (sizeBytes > requirement.maxSizeMb * 1024 * 1024) {
    problems.push({
      code: requirement.code,
      reason: 'too-large',
      detail: `${requirement.code} is limited to ${requirement.maxSizeMb} MB.`,
      maxSizeMb: requirement.maxSizeMb,
    });
  }
  return problems;
}
