/**
 * The second round's classes, detector by detector: what each one flags (with its exact span) in casual
 * English and in Spanish, and the near misses it must leave alone. The corpus measures rates; these pin
 * the behaviour of each rule.
 */
import { type ContentCategory, type ContentSubject, detectLanguage } from '../../../src/domain/content-policy';
import { CONTEXT, SARAH, hits } from './content-policy.fixtures';

/** One test per text: flagged with exactly this category and span, nothing else. */
function itFlags(
  category: ContentCategory,
  cases: Array<[string, string]>,
  subject: ContentSubject | null = null,
): void {
  it.each(cases)(`flags %p as ${category} (%p)`, (text, match) => {
    expect(hits(text, subject)).toEqual([[category, match]]);
  });
}

function itAllows(texts: string[], subject: ContentSubject | null = null): void {
  it.each(texts)('allows %p', (text) => {
    expect(hits(text, subject)).toEqual([]);
  });
}

const XIMENA: ContentSubject = {
  firstName: 'Ximena',
  lastName: 'García López',
  dateOfBirth: '2009-05-03',
  address: '1540 Calle Olmo, Laredo, TX 78040',
  username: 'xgarcia09',
};

describe('full_name, second round', () => {
  it.each([
    ['S a r a h J o n e s, hi', 'S a r a h J o n e s'],
    ['Hi Sarah\nJones, your kit shipped', 'Sarah\nJones'],
    ['I got SarahJonesEssay.docx', 'SarahJones'],
    ['I opened jones_sarah_final.pdf', 'jones_sarah'],
  ])("flags the student's name spaced, split or in a file name: %p", (text, match) => {
    expect(hits(text)).toEqual([['full_name', match]]);
  });

  it.each([
    ['Sarah, pair up with Olivia Martinez today.', 'Olivia Martinez'],
    ['Ximena, Sofía Ramírez Torres es tu compañera.', 'Sofía Ramírez Torres'],
    ['Ximena, ayúdale a Camila de la Rosa.', 'Camila de la Rosa'],
    ["Sarah, Brianna O'Neill has your charger.", "Brianna O'Neill"],
    ['Hi Sarah, Kenji Tanaka is your lab partner.', 'Kenji Tanaka'],
    ['Sarah, Noah Fitzgerald has the slides.', 'Noah Fitzgerald'],
  ])("flags another person's full name, compound surnames included: %p", (text, match) => {
    expect(hits(text, text.startsWith('Ximena') ? XIMENA : SARAH)).toEqual([['full_name', match]]);
  });

  it('reads "Guadalupe St" as a street, not a person', () => {
    expect(hits('Sarah, the library at 600 Guadalupe St has free printing.')).toEqual([
      ['address', '600 Guadalupe St'],
    ]);
  });

  it("flags one part of the student's compound surname next to the first name", () => {
    expect(hits('Ximena García, llámame hoy.', XIMENA)).toEqual([['full_name', 'Ximena García']]);
  });

  itAllows(
    [
      'Hi Sarah Amy Bell here, your ELA teacher.',
      'Sarah, Mrs. Bell here!',
      'Sarah, great work in World Cultures this week.',
      'Sarah, are you going to the Austin Texas fair?',
      'Sarah, we read Emily Dickinson and Harper Lee next.',
      'Sarah, leemos a Gabriel García Márquez y a Dolores Huerta.',
      'Sarah, see you Monday.',
    ],
    SARAH,
  );
});

describe('grade, second round', () => {
  itFlags('grade', [
    ['you got 18/20 on the vocab quiz', '18/20'],
    ['you have an 89, so a B+ for now', '89, so a B+'],
    ['that essay was an A!!!', 'A'],
    ['ur failing algebra right now', 'ur failing'],
    ['your class average right now is 64', '64'],
    ["straight A's this quarter!", "A's"],
    ['48/50! You only missed one.', '48/50'],
    ['Ximena, estás reprobando Álgebra.', 'estás reprobando'],
    ['tu promedio actual es 72', '72'],
    ['tu nota del examen es 8.5', '8.5'],
    ['sacaste un 9 en el examen final', 'sacaste un 9'],
    ['reprobaste el examen de la unidad 2', 'reprobaste el examen'],
    ['tienes una B en Biología', 'B'],
    ['tu promedio bajó a 69', '69'],
  ]);

  itAllows([
    "you're in grade 9 so Biology is next year",
    'the final is worth 20% of the course grade',
    'terminaste 14 de 20 lecciones',
    'estás en 9o grado',
    'the quiz has 25 questions',
    "you're passing by the library anyway",
    'la clave para aprender es practicar',
    'Part B of the lab is optional',
  ]);
});

describe('birth_date, second round', () => {
  itFlags('birth_date', [
    ['HBD Sarah!! 4/17 is here', '4/17'],
    ['Happy bday! Hope 4-17 is great', '4-17'],
    ['happy birthday on April seventeenth!', 'April seventeenth'],
    ['your birthday is the seventeenth of April', 'seventeenth of April'],
    ['happy birthday, July twenty-first!', 'July twenty-first'],
    ['¡Feliz cumpleaños! 17 de abril', '17 de abril'],
    ['naciste el 3 de mayo de 2009', '3 de mayo de 2009'],
    ['feliz cumple, ¡diecisiete de abril!', 'diecisiete de abril'],
  ]);

  itAllows(['la ventana del examen es del 20 de abril al 8 de mayo']);
});

describe('credentials, address and link in Spanish; passwords after a colon or dash', () => {
  it.each([
    ['Sarah, password - sunflower', 'credentials', 'password - sunflower'],
    ['Sarah, password—orchard', 'credentials', 'password—orchard'],
    ['new password... lighthouse', 'credentials', 'password... lighthouse'],
    ['tu contraseña es Tigre2024', 'credentials', 'contraseña es Tigre2024'],
    ['contraseña nueva - estrella', 'credentials', 'contraseña nueva - estrella'],
    ['usuario: mhernandez10', 'credentials', 'usuario: mhernandez10'],
    ['el centro está en Avenida Juárez #45', 'address', 'Avenida Juárez #45'],
    ['nos vemos en Calle 5 de Mayo 230', 'address', 'Calle 5 de Mayo 230'],
    ['mandamos la laptop al Apartado Postal 45', 'address', 'Apartado Postal 45'],
    ['aquí tu reporte: https://reportes.example.org/x', 'link', 'https://reportes.example.org/x'],
  ])('flags %p', (text, category, match) => {
    expect(hits(text, null)).toEqual([[category, match]]);
  });

  itAllows([
    'password-protected files are fine',
    'password: ask me in class',
    'tu contraseña distingue mayúsculas',
    'te veo en la calle principal',
  ]);
});

describe('language detection', () => {
  it.each([
    ['Hi Sarah, the quiz opens tomorrow.', 'en'],
    ['Hola Ximena, ¿puedes conectarte hoy?', 'es'],
    ['Feliz cumple Ximena!! 🎂', 'es'],
    ['Hi Sarah! Tu promedio es bueno.', 'mixed'],
    ['', 'en'],
  ])('reads %p as %p', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('does not depend on the language to check: a Spanish grade inside English is caught', () => {
    expect(hits('Great job today Sarah! Por cierto, estás reprobando Química.', SARAH, CONTEXT)).toEqual([
      ['grade', 'estás reprobando'],
    ]);
  });
});
