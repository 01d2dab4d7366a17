/**
 * What a list operation's user can do when the server's pages make no progress. Only the list
 * operations (Asset Library, Fine-Tuning) import it: they are the ones with these two fields
 * (listProperties), so no other node's message names them (advice.ts).
 */
export const STOPPED_LIST_ADVICE = 'Turn off "Return All" and set a "Limit".';
