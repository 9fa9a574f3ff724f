import { useState } from 'preact/hooks';
import { STAFF_ROLES } from '../../../shared/domain/rollout/staff-roles.ts';
import { session } from '../auth/session.ts';
import { FilterSelect } from '../components/filters.tsx';
import { Page } from '../components/ui.tsx';
import { type Key, t } from '../i18n/index.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { type Place, PlacePicker } from './PlacePicker.tsx';
import { StaffList, type StaffQuery } from './StaffList.tsx';

const STATUSES = ['ACTIVE', 'SUSPENDED'] as const;

/**
 * The ministry's view of every civil-servant account, filtered by province, commune, role and
 * status, with each account's history. A province is read whole from its index; without one the
 * API pages through every account and filters each page (a page may then show fewer rows).
 */
export default function MinistryStaff() {
  const [place, setPlace] = useState<Place>({ regionId: '', provinceId: '', communeId: '' });
  const [role, setRole] = useState('');
  const [status, setStatus] = useState('');
  if (!session.value) return <SignedOut title={t('bo.ministryStaff.title')} />;
  const query: StaffQuery = {
    ...(place.provinceId ? { provinceId: place.provinceId } : {}),
    ...(place.communeId ? { communeId: place.communeId } : {}),
    ...(role ? { role: role as StaffQuery['role'] } : {}),
    ...(status ? { status: status as StaffQuery['status'] } : {}),
  };
  return (
    <Page title={t('bo.ministryStaff.title')}>
      <search class="filters">
        <PlacePicker prefix="staff-filter" place={place} setPlace={setPlace} />
        <FilterSelect
          id="f-staff-filter-role"
          label={t('bo.staff.role')}
          value={role}
          choices={[
            { value: '', label: t('bo.any') },
            ...STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}` as Key) })),
          ]}
          onChange={setRole}
        />
        <FilterSelect
          id="f-staff-filter-status"
          label={t('files.status')}
          value={status}
          choices={[
            { value: '', label: t('bo.any') },
            ...STATUSES.map((s) => ({ value: s, label: t(`bo.staffStatus.${s}` as Key) })),
          ]}
          onChange={setStatus}
        />
      </search>
      <StaffList query={query} attempt={0} />
    </Page>
  );
}
