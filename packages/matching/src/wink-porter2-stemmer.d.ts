// The package ships no types; it exports one function from CommonJS.
declare module 'wink-porter2-stemmer' {
  function stem(word: string): string;
  export = stem;
}
