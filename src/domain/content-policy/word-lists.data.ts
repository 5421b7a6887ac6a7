/**
 * Small word lists for the generic-name and credential heuristics. They are deliberately short: the
 * guard prefers missing an unusual name over blocking ordinary sentences (a guard that cries wolf gets
 * ignored). All entries are folded (lowercase, no accents).
 */

const words = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

/**
 * Common given names of US students and staff. Names that are also everyday words (Will, May, April,
 * Grace, Hope, Art, Mark, Chase, Hunter, Summer...) are left out so "Art Class" or "May Day" never look like a name.
 */
export const COMMON_FIRST_NAMES = words(`
aaliyah aaron abigail adam addison adrian aiden alexa alexander alexis alice alyssa amanda amber amelia amy
andrea andrew angel angela anna anthony aria ariana ashley ava avery bella benjamin blake brandon brayden
brian brianna brittany brooke caleb cameron camila carlos carter charlotte chloe christian christopher claire cody
colton connor cooper daniel david destiny diego dominic dylan elena eli elijah elizabeth ella emily emma eric
ethan evan evelyn gabriel gabriella gavin genesis grayson hailey hannah harper hayden henry isaac isabella isaiah
jack jackson jacob jaden jake james jasmine jason javier jayden jennifer jeremiah jessica jesus jonathan jordan
jose joseph joshua josiah juan julia julian justin kaitlyn kayla kaylee kennedy kevin kimberly kyle landon
laura lauren layla leah liam lillian lily logan lucas luis luke madeline madison makayla maria mariah mateo
matthew megan melanie mia michael michelle miguel mila natalie nathan nevaeh nicholas nicole noah nora olivia
owen paisley riley robert ryan samantha samuel sarah savannah scarlett sebastian sofia sophia stella steven
sydney taylor thomas tyler valeria victoria violet william wyatt xavier zachary zoe becky maddie tim rob susan
jenna kate katie megan rachel ricardo sam tony trevor vanessa yesenia brianna
`);

/**
 * Capitalised words that commonly follow a first name without being a surname ("Hi Sarah Welcome",
 * "Tyler Class Notes"), plus school vocabulary. A generic name match needs a second word not listed here.
 */
export const COMMON_WORDS = words(`
a about after again all also always am an and any anyway are as at away back be because been before being
best both but by can cannot check class classes come could day did do does done dont down each even every
for from get go good got great had has have hello help her here hey hi him his how i if in is it its just
keep know last let lets like look make many may me more most much must my need new next no not now of off
oh ok okay on once one only or other our out over please pm re really reply right said see she should since
so some soon still such sure take text than thank thanks that the their them then there these they this
those through time to today tomorrow tonight too try under until up us very want was we week weekend welcome
well were what when where which while who why will with would yes yet you your yours morning afternoon
evening monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december happy congrats congratulations nice awesome amazing excellent
wonderful proud glad hope reminder remember dont don't quick just also unit chapter lesson module quiz test
exam project assignment assignments homework math algebra geometry biology chemistry physics science english
ela history spanish french art music health pe studies world cultures government economics reading writing
lab essay session sessions tutoring study office hours ilvp portal teacher mrs mr ms miss dr coach prof
grade grades course courses semester term final midterm review notes room period block online live call
ok. ps fyi asap am. i'm im it's you're thank you're hope great job work keep up keep
`);

/** Titles: a name after one belongs to an adult (usually staff), not a classmate. */
export const TITLES = words(`mr mrs ms miss mx dr coach prof professor sr sra srta madame mme mister`);

/**
 * People students read and write about. "Harper Lee" in an ELA reminder or "George Washington" in a
 * history one is curriculum, not a classmate's name.
 */
export const WELL_KNOWN_SURNAMES = words(`
washington lincoln jefferson adams madison monroe jackson roosevelt kennedy franklin hamilton tubman douglass
parks king luther truth anthony stanton earhart edison tesla einstein newton darwin curie galileo mendel
shakespeare dickens austen bronte twain poe hemingway steinbeck fitzgerald orwell angelou hughes frost
dickinson whitman thoreau emerson morrison walker lee salinger golding bradbury lowry paulsen collins rowling
tolkien lewis riordan potter frank keller nightingale columbus magellan armstrong glenn ride obama biden
trump bush clinton carter reagan nixon grant wilson revere ross boone crockett chavez sotomayor marshall
hopper lovelace turing goodall carson pasteur jobs gates mozart beethoven bach picasso kahlo gogh monet
`);

/** Words that, written right after "password is", describe rather than reveal it ("password is case sensitive"). */
export const NON_SECRET_WORDS = words(`
a an the your my his her their same still not case sensitive required expired reset changed wrong incorrect
correct different new old on in at for to from below above there here what how that this it just also
usually probably in on saved stored written sent emailed texted listed located printed ask call check see use
click contact message talk come find look
`);

/**
 * Capitalised words that follow a given name without being a surname: places ("Austin Texas", "Jackson
 * County"), school and platform names ("Madison High", "Google Classroom"), course words ("World
 * Cultures", "AP Biology"). Part of the false-block fixes: none of these makes "Name Word" a full name.
 */
export const PLACE_WORDS = words(`
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma oregon pennsylvania rhode
island tennessee texas utah vermont virginia wisconsin wyoming county city town park lake river valley mountain
heights springs beach hills high middle elementary school academy university college library center centre
campus district community street avenue road drive boulevard mall hospital church zoom google classroom canvas
teams meet edgenuity khan quizlet kahoot desmos schoology blackboard brightspace clever imagine learning ilvp
cultures culture honors ap ib studies literature composition calculus statistics psychology sociology
anatomy geography civics spanish french german chinese latin seminar workshop club team league st ave rd ln blvd ct pl
`);

/**
 * Famous people whose given name is also a common student name ("Emily Dickinson", "Thomas Jefferson"):
 * curriculum, not classmates. A well-known surname after an unlisted given name ("Harper Lee") needs no entry.
 */
export const FAMOUS_PEOPLE = new Set(
  `emily dickinson|harper lee|thomas jefferson|benjamin franklin|james madison|andrew jackson|james monroe|john adams|william shakespeare|charles dickens|jane austen|mark twain|ernest hemingway|john steinbeck|george orwell|maya angelou|langston hughes|robert frost|walt whitman|toni morrison|alice walker|ray bradbury|lois lowry|gary paulsen|suzanne collins|rick riordan|anne frank|helen keller|florence nightingale|christopher columbus|neil armstrong|john glenn|sally ride|barack obama|joe biden|jimmy carter|ronald reagan|richard nixon|ulysses grant|woodrow wilson|paul revere|daniel boone|cesar chavez|sonia sotomayor|thurgood marshall|grace hopper|ada lovelace|alan turing|jane goodall|rachel carson|louis pasteur|steve jobs|bill gates|isaac newton|charles darwin|marie curie|albert einstein|thomas edison|nikola tesla|amelia earhart|martin luther|susan anthony|elizabeth stanton|frederick douglass|harriet tubman|rosa parks|franklin roosevelt|theodore roosevelt|john kennedy|abraham lincoln|george washington|alexander hamilton|sojourner truth|dolores huerta|gabriel garcia|frida kahlo|pablo picasso|diego rivera|pablo neruda|gabriela mistral|isabel allende|sandra cisneros|scott fitzgerald|jackie robinson|michael jordan|serena williams|simone biles`.split(
    '|',
  ),
);
