// Types of the vendored Preact (js/vendor/preact.js is node_modules/preact/dist/preact.mjs,
// byte for byte; test.sh checks that it is fresh).
export * from 'preact';
