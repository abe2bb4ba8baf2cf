/** The names of user commands: the native menu's MenuCommand plus the ones only the page offers. */
import type { MenuCommand } from '../../core/host/bridge.js';

export type AppCommand = MenuCommand | 'duplicate' | 'run' | 'auto-layout';
