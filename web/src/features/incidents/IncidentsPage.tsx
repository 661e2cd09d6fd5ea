import { RecordPage } from '../court-data/RecordPage.tsx';
import { INCIDENTS, type Incident } from '../court-data/kinds.tsx';

/** Veto incidents (否决事项, SPEC §5). */
export default function IncidentsPage() {
  return <RecordPage<Incident> cfg={INCIDENTS} />;
}
