import { RecordPage } from './RecordPage.tsx';
import { BENCHMARKS, type Benchmark } from './kinds.tsx';

export default function BenchmarksPage() {
  return <RecordPage<Benchmark> cfg={BENCHMARKS} />;
}
