// What k6's runtime offers beyond @types/k6: its console (k6 prints it in the run's log).
// Nothing from Node or the browser is declared, so the type check refuses scripts that use them.
declare const console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};
