/**
 * Words that say nothing about a question's subject: common English, and the set phrases of written questions
 * ("To ask the Secretary of State for ..., what steps she is taking to ..."). tf-idf would rank most of them low
 * anyway; listing them keeps them out of suggested phrases.
 */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
our ours out over own same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom why will with would
you your yours
ask asked asking secretary state states department departments government governments hm majesty minister ministers
steps step taking take taken whether assessment assessments made make making plans plan planning potential
ensure ensuring recent recently current currently number numbers many much including include includes pursuant
answer answered answers question questions uin hon member members lord lords commons house parliament
reference regard regards respect support supporting provide providing provided give giving given help helping
improve improving increase increasing reduce reducing use using used level levels impact impacts effect effects
policy policies discussions discussion counterparts proposals proposal estimate estimates data information
year years month months week weeks day days time since last next each per period place
within named name names there regarding relation following specific particular available people set out way ways
what steps assess assessed effectiveness implications high higher low lower seen person persons added built
completed complete apply applied applying experience encouraging encourage statement published publish held hold
meeting meetings able likely need needs needed existing percentage proportion total average general`.split(/\s+/),
);

export const isStopWord = (token: string): boolean => token.length < 3 || STOP_WORDS.has(token) || /^\d+$/.test(token);
