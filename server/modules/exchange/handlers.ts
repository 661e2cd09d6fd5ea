/**
 * The bundle files and their handlers (SPEC §9). Each feature exports the handlers of its files from its own
 * `bundle.ts` (the kit they share is server/bundle-handler.ts); this is the plain list the importer, the
 * exporter and the routes read, in the order of the files.
 */
import type { BundleFileName } from '../../../core/bundle-format.ts';
import type { FileHandler, ImportEnv } from '../../bundle-handler.ts';
import { regionBundleHandlers } from '../regions/bundle.ts';
import { outsideDataBundleHandlers } from '../outside-data/bundle.ts';
import { personnelBundleHandlers } from '../personnel/bundle.ts';
import { checklistBundleHandlers } from '../checklist/bundle.ts';
import { disputeHandlers } from '../disputes/bundle.ts';

export const HANDLERS: Record<BundleFileName, FileHandler> = {
  ...regionBundleHandlers,
  ...outsideDataBundleHandlers,
  ...personnelBundleHandlers,
  ...checklistBundleHandlers,
  ...disputeHandlers,
} as Record<BundleFileName, FileHandler>;

export type { ImportEnv };
