// A classic-script build of the simulator, for pages that load scripts only by tag (the strict-CSP test page).
import { installSimulatorWhereNeeded } from './install.js';

void installSimulatorWhereNeeded();
