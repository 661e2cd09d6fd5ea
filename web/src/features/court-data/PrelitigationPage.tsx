import { RecordPage } from './RecordPage.tsx';
import { PRELITIGATION, type Prelitigation } from './kinds.tsx';

export default function PrelitigationPage() {
  return <RecordPage<Prelitigation> cfg={PRELITIGATION} />;
}
