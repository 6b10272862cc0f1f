// The SDK e2e session of sdk_client.test.mjs, run by the SDK's Streamable HTTP
// client against `project-memory serve --http` (one server per test, on a free
// port): the same tools, results and errors over /mcp as over stdio.
process.env.PM_E2E_TRANSPORT = 'http';
await import('./sdk_client.test.mjs');
