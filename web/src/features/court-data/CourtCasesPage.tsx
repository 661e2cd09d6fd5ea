import { RecordPage } from './RecordPage.tsx';
import { COURT_CASES, type CourtCase } from './kinds.tsx';

export default function CourtCasesPage() {
  return <RecordPage<CourtCase> cfg={COURT_CASES} />;
}
