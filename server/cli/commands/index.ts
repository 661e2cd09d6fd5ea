// Each file defines its commands with defineCommand(); import them here.
import './serve.ts';
import './user.ts';
import './backup.ts';
import './demo.ts';
import './evaluate.ts';
import './exchange.ts';
