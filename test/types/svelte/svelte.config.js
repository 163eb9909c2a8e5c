// svelte-check's config for the type-level test: none needed (and not the repo's Vite config).
export default {};
