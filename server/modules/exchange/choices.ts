import { withChoices, type BundleFile } from '../../../core/bundle-format.ts';
import type { DbOrTx } from '../../db/client.ts';
import { disputeDictionaries } from '../disputes/dictionaries.ts';

/**
 * The bundle files with the town's configured dictionaries: its dispute categories (inactive ones included —
 * older records keep them), so that what the system exports imports again and templates offer them.
 */
export async function configuredFiles(db: DbOrTx, files: readonly BundleFile[]): Promise<BundleFile[]> {
  if (!files.some((f) => f.name === 'disputes')) return [...files];
  const { categories } = await disputeDictionaries(db, { fresh: true });
  return files.map((f) => (f.name === 'disputes' ? withChoices(f, 'category', categories) : f));
}
