/**
 * Word lists for reading names in English and Spanish texts: given names of US and Latino students
 * (so "Tyler Brooks" and "Ximena Rodríguez" read as a person), surnames common in US schools (so a
 * given name missing from the list, "Jaylen Brooks", is still caught by its surname), surname particles
 * ("de la Cruz") and the Spanish everyday and school words that may follow a name without being one
 * ("Hola Sofía Buenos días"). Names that are also everyday words (Will, May, Rosa in "rosa"...) are left
 * out. All entries are folded (lowercase, no accents).
 */

const words = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

/** More given names, added to COMMON_FIRST_NAMES: US names the first list missed, then Latino names. */
export const MORE_FIRST_NAMES = words(`
aidan alan alex alicia allison alondra andre andres angelina antonio ariel arturo ashton audrey austin bailey
braden bradley brendan brenda brody bryan bryce caden caitlyn carlos carmen carolina cassandra cesar chase
christina cristian cynthia dakota damian dana daniela danielle darius deanna denise derek devin diana dominique
donovan edgar eduardo elias elisa emilio emmanuel enrique erik erika esteban estrella fatima felipe fernando
francisco gabriela gerardo giselle giovanni guadalupe gustavo hector hugo ian ignacio ivan jacqueline jada jaime
jalen jamal jared jasmin jaylen jazmin jesse jocelyn johnny jorge josue juliana julio karen karina karla katherine
kendall kenneth keyla kiara kristen leonardo leslie liliana lorena lucia luz manuel marco marcos mariana mario
marisol marta martin mason mauricio maya mckenna melissa mercedes miranda monica nadia naomi nathaniel nayeli
nestor noemi oscar pablo paola patricia pedro perla rafael ramon raul rebecca renata ricky roberto rodrigo
rosalinda ruben salvador sandra santiago sara sergio sierra silvia tatiana teresa tiana trinity ulises valentina
vanessa veronica vicente victor ximena yadira yahir yaretzi yesenia yolanda yusuf zaid zuri jose maria sofia
alejandro alejandra camila diego emiliano fernanda guillermo isabel jimena leonel lupita marisa miguel natalia
omar regina rocio samuel santino sebastian tomas valeria yamileth abril adriana alma araceli beatriz brisa
catalina citlali dulce elena esperanza flor gloria graciela ines irene isela jazmine josefina juana julieta
lizbeth luisa magdalena marcela maricela martha minerva nancy norma olga pilar ramona rebeca reyna rosario
sonia susana valentin wendy xochitl yareli zoila agustin alberto alfredo alonso armando benjamin bruno carlitos
cristobal daniel david efrain ernesto fabian federico gilberto gonzalo israel jacobo javier jesus joaquin joel
josue juan julian lorenzo lucas luis marcelo mateo mauro nicolas octavio orlando osvaldo ramiro ricardo saul
simon teodoro ulysses uriel
`);

/** Surnames common among US students (Census top surnames and their Hispanic counterparts). */
export const COMMON_SURNAMES = words(`
smith johnson williams jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson
taylor moore martin thompson harris sanchez clark ramirez robinson allen wright scott torres nguyen flores
nelson baker rivera campbell mitchell roberts gomez phillips evans turner diaz parker cruz edwards collins
reyes stewart morris morales murphy rogers gutierrez ortiz peterson reed howard ramos kim cox ward richardson
watson brooks chavez bennett mendoza ruiz hughes alvarez castillo sanders patel myers ross foster jimenez
powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez simmons
romero patterson hamilton graham reynolds griffin wallace cole hayes bryant herrera gibson ellis tran medina
aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington kennedy wells
vargas chen freeman webb tucker guzman burns crawford olson simpson porter gordon mendez silva shaw snyder
dixon munoz hicks holmes palmer wagner robertson boyd salazar warren meyer schmidt garza daniels ferguson
nichols stephens soto weaver gardner payne dunn kelley spencer hawkins arnold pierce vazquez hansen peters
santos hart bradley knight elliott cunningham duncan armstrong hudson carroll andrews alvarado ray delgado
berry perkins hoffman johnston matthews pena richards contreras willis carpenter lawrence sandoval guerrero
chapman rios estrada ortega watkins greene nunez wheeler valdez burke larson maldonado morrison franklin
carlson dominguez carr lawson jacobs obrien lynch singh vega bishop montgomery jensen harvey williamson
gilbert sims espinoza howell li wong reid hanson le garrett burton fuller wang weber welch rojas marquez yang
padilla walsh bowman schultz luna fowler mejia davidson acosta brewer holland juarez newman pearson curtis
cortez douglas schneider barrett navarro figueroa keller avila wade molina stanley hopkins campos barnett
bates chambers caldwell beck lambert byrd craig ayala lowe frazier neal leonard gregory carrillo sutton
fleming rhodes shelton schwartz norris jennings watts duran walters cohen mcdaniel moran steele vaughn becker
holt deleon barker terry hale leon hail benson haynes horton miles lyons pham graves bush thornton wolfe
warner cabrera mckinney mann zimmerman dawson lara fletcher mccarthy robles cervantes solis erickson reeves
chang klein salinas fuentes baldwin velasquez higgins aguirre lin cummings chandler barber bowen ochoa dennis
robbins liu ramsey francis griffith blair oconnor cardenas pacheco calderon quinn moss swanson chan rivas khan
rodgers serrano fitzgerald rosales stevenson christensen manning gill curry mclaughlin harmon mcgee gross
doyle garner newton burgess reese walton blake trujillo adkins brady goodman roman webster goodwin fischer
huang potter delacruz montoya todd wu hines mullins castaneda malone cannon tate sherman hubbard hodges zhang
guerra wolf valencia saunders franco rowe gallagher farmer hammond hampton townsend ingram wise gallegos
clarke barton schroeder maxwell camacho strickland norman colon parsons harrington glover osborne buchanan
casey floyd patton ibarra suarez bowers orozco salas cobb gibbs andrade bauer conner moody escobar mcguire
lloyd mueller hartman kramer mcbride pope lindsey velazquez norton mccormick sparks flynn yates hogan marsh
macias villanueva zamora pratt stokes owen ballard lang brock villarreal drake barrera cain pineda burnett
mercado santana shepherd bautista ali shaffer trevino mckenzie hess beil olsen cochran morton nash wilkins
petersen briggs shah roth nicholson holloway lozano rangel flowers hoover arias mora valenzuela meyers weiss
underwood bass greer houston carson morrow clayton whitaker decker yoder collier zuniga carey wilcox melendez
poole roberson larsen conley davenport copeland massey lam huff rocha cameron jefferson monroe pittman huynh
randall singleton combs mathis skinner bradford galvan boone kirby wilkinson bridges bruce atkinson velez meza
roy york hodge villa abbott tapia gates sosa sweeney farrell wyatt dalton horn barron phelps yu dickerson
foley atkins mathews bonilla acevedo benitez zavala hensley glenn cisneros harrell shields rubio huffman choi
boyer garrison arroyo kane hancock callahan dillon cline wiggins grimes arellano melton oneill savage ho
beltran pitts parrish ponce koch ware brennan mcdowell cantu humphrey baxter sawyer tanner hutchinson kaur
berg wiley gilmore russo villegas hobbs keith wilkerson ahmed beard mcclain montes mata rosario vang henson
oneal mosley mcclure beasley stephenson huerta preston vance barry johns eaton blackwell dyer macdonald
solomon guevara stafford woodard cortes shannon kemp nolan mccullough merritt murillo salgado kline cordova
barajas roach rosas jacobson lester knox bullock kerr leach meadows orr davila whitehead pruitt kent conway
mckee barr dejesus marin berger mcintyre blankenship gaines palacios cuevas bartlett durham dorsey mccall
odonnell stein browning stout lowery sloan mclean hendricks calhoun sexton chung gentry hull duarte ellison
nielsen gillespie buck middleton sellers leblanc esparza hardin bradshaw mcintosh howe livingston morse knapp
herman bravo spears weeks corona frederick buckley mcfarland hebert enriquez hickman quintero randolph
schaefer trejo reilly pennington conrad crosby fitzpatrick donovan mays mahoney valentine medrano hahn
mcmillan bentley peck lucero boyle hanna pace rush hurley harding mcconnell bernal nava ayers everett ventura
pugh mayer bender shepard mcmahon landry sampson moses magana blackburn dunlap gould duffy vaughan herring
mckay espinosa farley bernard friedman potts truong costa correa blevins nixon clements fry delarosa benton
lugo portillo dougherty crane haley phan villalobos blanchard horne finley quintana esquivel bean dodson
mullen xiong cano levy huber richmond moyer lim frye sheppard mccarty avalos booker waller parra woodward
jaramillo krueger rasmussen brandt peralta donaldson stuart faulkner maynard galindo coffey estes sanford
burch maddox vo oconnell vu andersen spence mcpherson schmitt stanton leal cherry compton dudley pollard
alfaro hester proctor lu hinton novak madden mccann terrell jarvis dickson reyna cantrell tanaka yamamoto suzuki sato watanabe ito nakamura kobayashi takahashi hayashi yoshida sasaki hendrix rollins
rowland whitney odom daugherty tang archer
`);

/** Particles inside Spanish (and other) surnames: "de la Cruz", "del Río", "García y López". */
export const SURNAME_PARTICLES = words(`de del la las los y van von da di`);

/**
 * Spanish everyday and school words that may stand capitalised after a name ("Sofía Gracias", "Luis
 * Buenos días") or look like a surname at the start of a sentence, and Spanish course names.
 */
export const SPANISH_COMMON_WORDS = words(`
hola buenos buenas dias tardes noches gracias saludos recuerda recuerde favor por para que como cuando donde
felicidades felicitaciones feliz excelente muy bien buen buena trabajo animo sigue adelante clase clases curso
cursos hoy manana semana lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo
junio julio agosto septiembre octubre noviembre diciembre tu su mi el la los las un una de del y o en con sin
esta este estas es soy somos te nos le les lo no si ya tarea tareas examen prueba proyecto leccion unidad modulo
matematicas algebra geometria biologia quimica fisica ciencias historia ingles espanol arte musica salud
educacion fisica mundial sociales estudios gobierno economia lectura escritura literatura maestra maestro
profesora profesor sra sr srta senora senor senorita consejera consejero portal sesion tutoria oficina
atentamente cordialmente besos abrazos cuidate nos vemos hasta luego pronto saludame escuela virtual calle avenida
camino carretera calzada paseo privada colonia apartado postal
`);
