import { RecordPage } from './RecordPage.tsx';
import { PLATFORM, type Platform } from './kinds.tsx';

export default function PlatformPage() {
  return <RecordPage<Platform> cfg={PLATFORM} />;
}
