// Types of the vendored d3-cloud build (js/vendor/d3.layout.cloud.js is
// node_modules/d3-cloud/build/d3.layout.cloud.js, byte for byte): imported for its side effect
// only; js/vendor/d3-cloud.js types what it sets.
export {};
