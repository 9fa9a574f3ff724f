import { useState } from 'preact/hooks';
import { type Key, t } from '../i18n/index.ts';
import type { Application, Procedure } from '../workspace/model.ts';
import { Done } from './common.tsx';
import { DeskActions } from './DeskActions.tsx';
import { OpinionForm, Opinions } from './Opinion.tsx';
import { SignPanel } from './Sign.tsx';

/**
 * What the civil servant looking at a file can do with it, by role (the same file page serves
 * everyone: documents with their preview and versions, the clock, the timeline). After an action
 * the server's answer (the file's new status) is announced here and the page reloads the file.
 */
export function StaffPanels({
  app,
  me,
  procedure,
  communeName,
  onChanged,
}: {
  app: Application;
  me: { username: string; roles: string[]; scope: { agencyId?: string | undefined } };
  procedure: Procedure | undefined;
  communeName: string;
  onChanged: (next: Application) => void;
}) {
  const [recorded, setRecorded] = useState<Application['status']>();
  const changed = (next: Application) => {
    setRecorded(next.status);
    onChanged(next);
  };
  const staff = me.roles.some((r) => r !== 'professional' && r !== 'applicant' && r !== 'business');
  if (!staff) return null;
  return (
    <>
      {recorded && (
        <Done testId="recorded">{t('bo.recorded', { status: t(`status.${recorded}` as Key) })}</Done>
      )}
      {me.roles.includes('desk_agent') && <DeskActions app={app} procedure={procedure} onChanged={changed} />}
      {me.roles.includes('commission_member') && me.scope.agencyId && (
        <OpinionForm app={app} agency={me.scope.agencyId} onChanged={changed} />
      )}
      {me.roles.includes('signatory') && (
        <SignPanel app={app} procedure={procedure} communeName={communeName} onChanged={changed} />
      )}
      <Opinions app={app} />
    </>
  );
}
