/** The names of user commands: the native menu's MenuCommand plus the ones only the page offers. */
import type { MenuCommand } from '../../core/host/bridge.js';

/** `train-toggle`: Start, Pause or Resume; `train-step`: one mini-batch; `train-panel`: show or hide the training panel. */
export type AppCommand = MenuCommand | 'duplicate' | 'run' | 'auto-layout' | 'train-toggle' | 'train-step' | 'train-stop' | 'train-panel' | DebugCommand;

/** The debugger (F10 step, Shift+F10 step back, F5 continue, Shift+F5 stop, F9 breakpoint) and the gradient check. */
export type DebugCommand = 'debug-start' | 'debug-step' | 'debug-back' | 'debug-continue' | 'debug-stop' | 'debug-breakpoint' | 'gradcheck';
