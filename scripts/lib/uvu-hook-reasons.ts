/**
 * Preloaded into every test file's process (`node --import`): routes `import … from 'uvu'` to
 * scripts/lib/uvu-reporting-hooks.ts, which prints why a before/after hook failed.
 */
import { registerHooks } from 'node:module';

const reportingUvu = new URL('./uvu-reporting-hooks.ts', import.meta.url).href;

// uvu's own files (its CLI, its runner) and the wrapper itself keep the real module.
registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL ?? '';
    if (specifier !== 'uvu' || parent === reportingUvu || parent.includes('/node_modules/uvu/')) return nextResolve(specifier, context);
    return { url: reportingUvu, shortCircuit: true };
  },
});
