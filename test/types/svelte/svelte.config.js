// svelte-check reads this folder's config: none is needed.
export default {};
