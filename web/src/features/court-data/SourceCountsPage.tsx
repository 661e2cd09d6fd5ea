import { RecordPage } from './RecordPage.tsx';
import { SOURCE_COUNTS, type SourceCount } from './kinds.tsx';

export default function SourceCountsPage() {
  return <RecordPage<SourceCount> cfg={SOURCE_COUNTS} />;
}
