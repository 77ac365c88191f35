// The entry point. It starts the lint worker at once, so the wasm downloads and compiles while the
// editor's code (a separate chunk) loads; loading the engine is the long pole of first diagnostics.
import './engine';
import './style.css';

void import('./app');
