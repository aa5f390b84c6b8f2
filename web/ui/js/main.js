// Entry point: the screens register their routes, then the shell starts.
import './desk.js';
import './handover.js';
import './agreement.js';
import './act.js';
import './driver.js';
import './board.js';
import './registers.js';
import './catalogue.js';
import './care.js';
import './admin.js';
import { start } from './app.js';

start();
