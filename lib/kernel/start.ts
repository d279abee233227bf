/**
 * The notebooks' kernel (what `npm run setup` registers as the "TypeScript" kernel, through scripts/tslab-kernel):
 * tslab with its cells compiled against Node's ambient types only, then tslab's own command line (`kernel
 * --config-path …`), unchanged.
 */
import { NOTEBOOK_AMBIENT_TYPES, narrowAmbientTypes, runTslab } from './index';

narrowAmbientTypes(NOTEBOOK_AMBIENT_TYPES);
runTslab();
