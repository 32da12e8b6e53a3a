// `node --import ./record-modules.mjs`: appends the URL of every ES module the process loads, in
// every thread (workers inherit the flag), to the file named by PREFSTUDY_MODULE_LOG. The build
// tests read it to tell which code ran: dist/*.js, or src/*.ts through tsx.
import { register } from 'node:module';

register('./record-modules-hooks.mjs', import.meta.url, { data: { log: process.env.PREFSTUDY_MODULE_LOG } });
