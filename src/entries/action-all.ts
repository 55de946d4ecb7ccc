import { runAction } from '../github/run-action.js';

void runAction('all');
