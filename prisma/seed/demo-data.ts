/**
 * Static lists for the Drammen demo municipality (prisma/seed/demo.ts turns them into rows).
 * Everything here is fictional: club names, people's name combinations, street numbers. District
 * names are Drammen's real districts so that "I live in Konnerud" works in a demo.
 */
import type { ActivityCategory } from "../../services/catalog/categories.ts";
import type { Language } from "../../services/languages.ts";

// ───────────────────────────── Districts ─────────────────────────────

export interface DistrictSeed {
  slug: string; // ascii, used in ids: demo-district-<slug>
  name: string;
  /** The place name in a postal address (Mjøndalen and Svelvik have their own). */
  town: string;
  /** Relative share of the demo families living there. */
  weight: number;
  /** Share of households with low income (invented, in the range Drammen's districts span), for the evaluation report. */
  lowIncomeShare: number;
  streets: readonly string[];
}

export const DISTRICTS: readonly DistrictSeed[] = [
  { slug: "bragernes", name: "Bragernes", town: "Drammen", weight: 10, lowIncomeShare: 0.14, streets: ["Øvre Storgate", "Nedre Storgate", "Kirkegata", "Tollbugata", "Hans Kiærs gate"] },
  { slug: "stromso", name: "Strømsø", town: "Drammen", weight: 10, lowIncomeShare: 0.24, streets: ["Tordenskiolds gate", "Grønland", "Strømsø torg", "Schwartz gate"] },
  { slug: "konnerud", name: "Konnerud", town: "Drammen", weight: 8, lowIncomeShare: 0.05, streets: ["Konnerudgata", "Skogliveien", "Kjøsterudveien"] },
  { slug: "assiden", name: "Åssiden", town: "Drammen", weight: 8, lowIncomeShare: 0.11, streets: ["Åssidenveien", "Pukkestad allé", "Lyngveien"] },
  { slug: "fjell", name: "Fjell", town: "Drammen", weight: 8, lowIncomeShare: 0.29, streets: ["Fjellsveien", "Gulliksrudveien", "Fjell allé"] },
  { slug: "gulskogen", name: "Gulskogen", town: "Drammen", weight: 7, lowIncomeShare: 0.09, streets: ["Gulskogenveien", "Buskerudveien", "Bjørnstjerne Bjørnsons gate"] },
  { slug: "skoger", name: "Skoger", town: "Drammen", weight: 5, lowIncomeShare: 0.06, streets: ["Skogerveien", "Kirkeveien", "Sandebakken"] },
  { slug: "mjondalen", name: "Mjøndalen", town: "Mjøndalen", weight: 8, lowIncomeShare: 0.1, streets: ["Strandveien", "Stasjonsveien", "Hagaløkkveien"] },
  { slug: "svelvik", name: "Svelvik", town: "Svelvik", weight: 5, lowIncomeShare: 0.12, streets: ["Storgaten", "Sandveien", "Verftsveien"] },
  { slug: "danvik", name: "Danvik", town: "Drammen", weight: 5, lowIncomeShare: 0.13, streets: ["Danvikgata", "Svelviksveien", "Vårveien"] },
  { slug: "austad", name: "Austad", town: "Drammen", weight: 5, lowIncomeShare: 0.15, streets: ["Austadveien", "Heggeliveien", "Lauritz Grønlands vei"] },
  { slug: "tangen", name: "Tangen", town: "Drammen", weight: 4, lowIncomeShare: 0.18, streets: ["Tangen allé", "Tangenkaia", "Solbergveien"] },
  { slug: "askollen", name: "Åskollen", town: "Drammen", weight: 5, lowIncomeShare: 0.12, streets: ["Åskollveien", "Kjellstadveien", "Solveien"] },
  { slug: "solbergmoen", name: "Solbergmoen", town: "Drammen", weight: 3, lowIncomeShare: 0.08, streets: ["Solbergmoveien", "Elveveien", "Gamle Riksvei"] },
];

// ───────────────────────────── Names ─────────────────────────────

/** A family name with gendered forms (Polish -ski/-ska, Lithuanian -as/-ienė/-aitė). */
export type FamilyName = string | { male: string; female: string; daughter?: string };

export interface NameGroup {
  male: readonly string[];
  female: readonly string[];
  family: readonly FamilyName[];
  /** Somali and Eritrean custom: a child's second name is the father's given name, not a shared surname. */
  patronymic?: boolean;
}

export const NAMES: Record<Language, NameGroup> = {
  nb: {
    male: ["Jonas", "Emil", "Noah", "Oliver", "Filip", "Lucas", "Aksel", "Jakob", "Henrik", "Magnus", "Sander", "Tobias", "Mathias", "Isak", "Even", "Sindre", "Eirik", "Ola", "Lars", "Knut", "Trond", "Espen", "Geir", "Anders", "Håkon", "Øyvind", "Vegard", "Kristian", "Morten", "Ludvig", "Olav", "Theodor", "Johannes", "Elias", "Sebastian", "Torstein"],
    female: ["Nora", "Emma", "Ella", "Sofie", "Sara", "Ingrid", "Maja", "Olivia", "Hedda", "Thea", "Frida", "Tiril", "Live", "Ida", "Marte", "Kristin", "Hilde", "Kari", "Anne", "Silje", "Ingvild", "Guro", "Ragnhild", "Solveig", "Åse", "Mari", "Linn", "Tone", "Hanne", "Astrid", "Selma", "Alma", "Vilde", "Julie", "Synnøve"],
    family: ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Lund", "Moen", "Strand", "Solheim", "Bakken", "Myhre", "Gundersen", "Ødegård", "Sæther", "Skaug", "Lie", "Holm", "Engebretsen", "Amundsen", "Bråthen", "Kjos", "Rustad", "Grønvold", "Fossum", "Sandvik", "Knutsen", "Nygård"],
  },
  en: {
    male: ["James", "Oliver", "Thomas", "Daniel", "Samuel", "Jack", "Harry", "George", "Michael", "Ethan", "Joseph", "Ryan"],
    female: ["Emily", "Charlotte", "Grace", "Lucy", "Hannah", "Sophie", "Chloe", "Amelia", "Rachel", "Laura", "Megan", "Isla"],
    family: ["Smith", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Hughes", "Clarke", "Wright", "Thompson", "Baker", "Morgan"],
  },
  pl: {
    male: ["Jakub", "Kacper", "Szymon", "Filip", "Mateusz", "Tomasz", "Piotr", "Paweł", "Krzysztof", "Marcin", "Michał", "Łukasz", "Bartosz", "Wojciech"],
    female: ["Zuzanna", "Julia", "Maja", "Hanna", "Lena", "Alicja", "Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Anna", "Monika", "Natalia", "Wiktoria"],
    family: [
      { male: "Kowalski", female: "Kowalska" },
      "Nowak",
      { male: "Wiśniewski", female: "Wiśniewska" },
      "Wójcik",
      { male: "Kamiński", female: "Kamińska" },
      { male: "Lewandowski", female: "Lewandowska" },
      { male: "Zieliński", female: "Zielińska" },
      { male: "Szymański", female: "Szymańska" },
      "Woźniak",
      { male: "Dąbrowski", female: "Dąbrowska" },
      { male: "Kozłowski", female: "Kozłowska" },
      "Mazur",
      "Krawczyk",
      { male: "Jankowski", female: "Jankowska" },
    ],
  },
  lt: {
    male: ["Lukas", "Matas", "Jonas", "Dominykas", "Tomas", "Mantas", "Darius", "Andrius", "Vytautas", "Paulius", "Kajus", "Nojus", "Gustas", "Rokas"],
    female: ["Emilija", "Austėja", "Gabija", "Ugnė", "Kamilė", "Rūta", "Jurgita", "Inga", "Laura", "Aistė", "Vaiva", "Greta", "Lėja", "Saulė"],
    family: [
      { male: "Kazlauskas", female: "Kazlauskienė", daughter: "Kazlauskaitė" },
      { male: "Jankauskas", female: "Jankauskienė", daughter: "Jankauskaitė" },
      { male: "Petrauskas", female: "Petrauskienė", daughter: "Petrauskaitė" },
      { male: "Stankevičius", female: "Stankevičienė", daughter: "Stankevičiūtė" },
      { male: "Vasiliauskas", female: "Vasiliauskienė", daughter: "Vasiliauskaitė" },
      { male: "Žukauskas", female: "Žukauskienė", daughter: "Žukauskaitė" },
      { male: "Butkus", female: "Butkienė", daughter: "Butkutė" },
      { male: "Paulauskas", female: "Paulauskienė", daughter: "Paulauskaitė" },
      { male: "Urbonas", female: "Urbonienė", daughter: "Urbonaitė" },
      { male: "Kavaliauskas", female: "Kavaliauskienė", daughter: "Kavaliauskaitė" },
      { male: "Navickas", female: "Navickienė", daughter: "Navickaitė" },
    ],
  },
  uk: {
    male: ["Oleksandr", "Andrii", "Dmytro", "Maksym", "Serhii", "Mykola", "Bohdan", "Taras", "Yurii", "Artem", "Danylo", "Ivan"],
    female: ["Olena", "Iryna", "Oksana", "Nataliia", "Yuliia", "Sofiia", "Anastasiia", "Daryna", "Viktoriia", "Kateryna", "Solomiia", "Mariia"],
    family: ["Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko", "Oliinyk", "Lysenko", "Savchuk", "Kovalchuk", "Marchenko", { male: "Vyshnevskyi", female: "Vyshnevska" }, { male: "Kovalskyi", female: "Kovalska" }],
  },
  ar: {
    male: ["Ahmad", "Omar", "Khaled", "Yousef", "Mahmoud", "Ali", "Hussein", "Samir", "Karim", "Rami", "Tareq", "Adam", "Zaid", "Hamza"],
    female: ["Fatima", "Rana", "Layla", "Noor", "Huda", "Mariam", "Yasmin", "Salma", "Dana", "Reem", "Lina", "Aya"],
    family: ["Al-Hassan", "Haddad", "Khalil", "Saleh", "Nasser", "Mansour", "Ibrahim", "Al-Ahmad", "Darwish", "Hamdan", "Al-Jaber", "Othman", "Kassem", "Suleiman"],
  },
  so: {
    male: ["Abdirahman", "Mohamed", "Abdullahi", "Ahmed", "Hassan", "Yusuf", "Abdikarim", "Omar", "Ismail", "Mahad", "Liban", "Hamza"],
    female: ["Fadumo", "Hodan", "Amina", "Khadra", "Sagal", "Hibo", "Ifrah", "Nasra", "Ayaan", "Deeqa", "Sahra", "Muna"],
    family: ["Warsame", "Farah", "Jama", "Abdi", "Hirsi", "Guled", "Osman", "Nur", "Aden", "Egal", "Samatar", "Dualeh"],
    patronymic: true,
  },
  ur: {
    male: ["Muhammad", "Ali", "Bilal", "Hamza", "Usman", "Imran", "Kashif", "Zeeshan", "Faisal", "Ayaan", "Rayyan", "Haris"],
    female: ["Ayesha", "Fatima", "Sana", "Hina", "Maryam", "Zainab", "Iqra", "Amna", "Mahnoor", "Anum", "Sadia", "Alishba"],
    family: ["Khan", "Ahmed", "Hussain", "Butt", "Chaudhry", "Malik", "Raza", "Iqbal", "Qureshi", "Shah", "Mirza", "Akhtar", "Javed", "Aslam"],
  },
  tr: {
    male: ["Mehmet", "Mustafa", "Ahmet", "Emre", "Burak", "Yusuf", "Eymen", "Kerem", "Ömer", "Hakan", "Murat", "Arda", "Efe"],
    female: ["Elif", "Zeynep", "Ayşe", "Fatma", "Merve", "Esra", "Defne", "Ecrin", "Büşra", "Hatice", "Emine", "Nehir"],
    family: ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan", "Kılıç", "Aslan", "Koç", "Kurt"],
  },
  ti: {
    male: ["Yonas", "Dawit", "Tesfay", "Mehari", "Kidane", "Filmon", "Robel", "Yohannes", "Habtom", "Biniam", "Aron", "Natnael", "Mussie"],
    female: ["Senait", "Selam", "Rahel", "Tsega", "Mebrat", "Saba", "Luwam", "Winta", "Eden", "Feven", "Yordanos", "Ruth"],
    family: ["Tesfamariam", "Haile", "Gebremedhin", "Tekle", "Berhane", "Ghebreyesus", "Kahsay", "Woldu", "Asmerom", "Ghirmay", "Mebrahtu", "Abraha"],
    patronymic: true,
  },
};

/**
 * How many of the demo families speak each language at home. Drammen's current shares are not
 * published (domain.md); these only make every supported language appear, Norwegian mostly.
 */
export const FAMILY_LANGUAGE_SHARES: Readonly<Record<Language, number>> = {
  nb: 57,
  pl: 9,
  ar: 6,
  lt: 5,
  so: 5,
  ur: 5,
  tr: 5,
  uk: 4,
  ti: 2,
  en: 2,
};

// ───────────────────────────── Activities ─────────────────────────────

/** Text in Norwegian bokmål and English; Polish and Arabic where a translation was written. */
export interface Text {
  nb: string;
  en: string;
  pl?: string;
  ar?: string;
}

export interface ActivityVariant {
  title: Text;
  description: Text;
  /** Age groups this kind of activity is offered for (minAge, maxAge). */
  ages: readonly (readonly [number, number])[];
  /** Half-year fee range in NOK when it differs from the category's. */
  feeNok?: readonly [number, number];
}

export interface CategoryProfile {
  /** Half-year fee range in NOK; most activities cost less than the card's NOK 1000. */
  feeNok: readonly [number, number];
  capacity: readonly [number, number];
  durationMinutes: readonly number[];
  /** Share of activities that meet on Saturday or Sunday instead of a weekday. */
  weekendShare: number;
  /** Start times when the usual after-school ones do not fit (day-long camps and holiday offers). */
  startTimes?: readonly string[];
  variants: readonly ActivityVariant[];
}

const T = (nb: string, en: string, pl?: string, ar?: string): Text => ({ nb, en, ...(pl ? { pl } : {}), ...(ar ? { ar } : {}) });

export const CATEGORY_PROFILES: Partial<Record<ActivityCategory, CategoryProfile>> = {
  football: {
    feeNok: [400, 1000],
    capacity: [20, 30],
    durationMinutes: [75, 90],
    weekendShare: 0.1,
    variants: [
      {
        title: T("Fotball", "Football", "Piłka nożna", "كرة القدم"),
        description: T(
          "Fotballtrening med øvelser og småspill. Ta med fotballsko, leggskinn og drikkeflaske.",
          "Football practice with drills and small-sided games. Bring football boots, shin guards and a water bottle.",
          "Trening piłki nożnej z ćwiczeniami i grami w małych grupach. Zabierz korki, ochraniacze i butelkę wody.",
          "تدريب كرة القدم مع تمارين ومباريات صغيرة. أحضر حذاء كرة القدم وواقي الساق وقارورة ماء.",
        ),
        ages: [[6, 8], [9, 10], [11, 12], [13, 15], [16, 18]],
      },
      {
        title: T("Fotball jenter", "Girls' football", "Piłka nożna dla dziewcząt", "كرة القدم للبنات"),
        description: T(
          "Eget jentelag som trener og spiller kamper i kretsserien. Alle nivåer er velkomne.",
          "A girls' team that trains and plays matches in the district league. All levels welcome.",
          "Drużyna dziewcząt, która trenuje i gra mecze w lidze okręgowej. Zapraszamy na każdym poziomie.",
          "فريق للبنات يتدرب ويلعب مباريات في الدوري المحلي. الجميع مرحب بهم مهما كان المستوى.",
        ),
        ages: [[9, 11], [12, 14], [15, 18]],
      },
      {
        title: T("Keeperskole", "Goalkeeper school", "Szkółka bramkarzy", "مدرسة حراس المرمى"),
        description: T(
          "Egen trening for keepere: grep, plassering og utspill.",
          "Training for goalkeepers: handling, positioning and distribution.",
          "Osobny trening dla bramkarzy: chwyt, ustawianie się i wyprowadzanie piłki.",
          "تدريب خاص بحراس المرمى: الإمساك بالكرة والتمركز وإعادة اللعب.",
        ),
        ages: [[10, 13], [14, 17]],
      },
    ],
  },
  handball: {
    feeNok: [400, 1000],
    capacity: [16, 24],
    durationMinutes: [75, 90],
    weekendShare: 0,
    variants: [
      {
        title: T("Håndball", "Handball", "Piłka ręczna", "كرة اليد"),
        description: T(
          "Håndballtrening med ballteknikk, samspill og kamper. Klubben låner ut ball; ta med innesko.",
          "Handball practice with ball skills, teamwork and matches. The club lends balls; bring indoor shoes.",
          "Trening piłki ręcznej: technika, gra zespołowa i mecze. Klub pożycza piłki; zabierz obuwie sportowe na halę.",
          "تدريب كرة اليد: مهارات الكرة واللعب الجماعي والمباريات. يعير النادي الكرات؛ أحضر حذاءً رياضياً للصالة.",
        ),
        ages: [[6, 8], [9, 11], [12, 14], [15, 18]],
      },
      {
        title: T("Håndball jenter", "Girls' handball", "Piłka ręczna dla dziewcząt", "كرة اليد للبنات"),
        description: T(
          "Jentelag med fast trener og deltakelse i seriespill.",
          "Girls' team with a regular coach, playing in the league.",
          "Drużyna dziewcząt ze stałym trenerem, grająca w lidze.",
          "فريق للبنات مع مدرب ثابت ومشاركة في الدوري.",
        ),
        ages: [[10, 12], [13, 16]],
      },
    ],
  },
  basketball: {
    feeNok: [400, 1000],
    capacity: [14, 22],
    durationMinutes: [75, 90],
    weekendShare: 0,
    variants: [
      {
        title: T("Basket", "Basketball", "Koszykówka", "كرة السلة"),
        description: T(
          "Baskettrening med dribling, pasning og skudd. Vi spiller kamp på slutten av hver økt.",
          "Basketball practice with dribbling, passing and shooting, ending each session with a game.",
          "Trening koszykówki: kozłowanie, podania i rzuty. Każdy trening kończymy grą.",
          "تدريب كرة السلة: المراوغة والتمرير والتصويب، وننهي كل حصة بمباراة.",
        ),
        ages: [[8, 11], [12, 14], [15, 18]],
      },
      {
        title: T("Basket for nybegynnere", "Basketball for beginners", "Koszykówka dla początkujących", "كرة السلة للمبتدئين"),
        description: T(
          "For deg som aldri har spilt før. Vi lærer reglene og grunnteknikken i rolig tempo.",
          "For those who have never played. We learn the rules and basic skills at a calm pace.",
          "Dla tych, którzy nigdy nie grali. Spokojnie uczymy się zasad i podstaw techniki.",
          "لمن لم يلعب من قبل. نتعلم القواعد والمهارات الأساسية بهدوء.",
        ),
        ages: [[10, 13], [13, 16]],
      },
    ],
  },
  volleyball: {
    feeNok: [400, 900],
    capacity: [12, 20],
    durationMinutes: [90],
    weekendShare: 0,
    variants: [
      {
        title: T("Volleyball", "Volleyball"),
        description: T("Volleyballtrening inne i hall, med vekt på mottak, pasning og serve.", "Indoor volleyball practice focusing on receiving, setting and serving."),
        ages: [[10, 13], [14, 18]],
      },
      {
        title: T("Minivolley", "Mini volleyball"),
        description: T("Volleyball med lettere ball og lavere nett for de yngste.", "Volleyball with a lighter ball and a lower net for the youngest players."),
        ages: [[7, 10]],
      },
    ],
  },
  floorball: {
    feeNok: [400, 900],
    capacity: [14, 24],
    durationMinutes: [60, 75],
    weekendShare: 0,
    variants: [
      {
        title: T("Innebandy", "Floorball"),
        description: T("Fartsfylt lagspill i hall. Klubben låner ut kølle og briller.", "Fast-paced indoor team game. The club lends sticks and goggles."),
        ages: [[7, 9], [10, 12], [13, 16]],
      },
    ],
  },
  ice_hockey: {
    feeNok: [1200, 2000],
    capacity: [14, 22],
    durationMinutes: [60, 75],
    weekendShare: 0.2,
    variants: [
      {
        title: T("Ishockey", "Ice hockey"),
        description: T("Skøyteteknikk, pasninger og spill på is. Utstyr kan lånes den første måneden.", "Skating, passing and play on the ice. Equipment can be borrowed for the first month."),
        ages: [[8, 11], [12, 15], [15, 18]],
      },
      {
        title: T("Hockeyskole", "Hockey school"),
        description: T("Lær å gå på skøyter og spille hockey. Passer for nybegynnere.", "Learn to skate and play hockey. Suitable for beginners."),
        ages: [[6, 9]],
        feeNok: [700, 1000],
      },
    ],
  },
  skiing: {
    feeNok: [500, 1000],
    capacity: [15, 30],
    durationMinutes: [90, 120],
    weekendShare: 0.3,
    variants: [
      {
        title: T("Langrenn", "Cross-country skiing"),
        description: T("Barmarkstrening om høsten og skitrening så snart snøen kommer.", "Dry-land training in autumn and skiing as soon as the snow comes."),
        ages: [[7, 10], [11, 14], [15, 18]],
      },
      {
        title: T("Alpint", "Alpine skiing"),
        description: T("Slalåmtrening i bakken med trener. Heiskort er inkludert i avgiften.", "Slalom training on the slope with a coach. The lift pass is included in the fee."),
        ages: [[9, 13], [14, 18]],
        feeNok: [1800, 2600],
      },
    ],
  },
  athletics: {
    feeNok: [300, 800],
    capacity: [15, 30],
    durationMinutes: [75, 90],
    weekendShare: 0,
    variants: [
      {
        title: T("Friidrett", "Athletics", "Lekkoatletyka", "ألعاب القوى"),
        description: T(
          "Løp, hopp og kast i variert trening. Vi deltar på stevner for de som vil.",
          "Running, jumping and throwing in varied sessions. We take part in meets for those who want to.",
          "Bieganie, skoki i rzuty w urozmaiconych treningach. Chętni startują w zawodach.",
          "الجري والقفز والرمي في تدريبات متنوعة. نشارك في المسابقات لمن يرغب.",
        ),
        ages: [[6, 9], [10, 13], [14, 18]],
      },
      {
        title: T("Løpegruppe", "Running group", "Grupa biegowa", "مجموعة الجري"),
        description: T(
          "Rolig og morsom løpetrening ute, tilpasset hver enkelt.",
          "Relaxed, fun outdoor running sessions adapted to each runner.",
          "Spokojne i przyjemne treningi biegowe na świeżym powietrzu, dopasowane do każdego.",
          "تدريبات جري ممتعة وهادئة في الهواء الطلق، تناسب كل مشارك.",
        ),
        ages: [[12, 16]],
      },
    ],
  },
  gymnastics: {
    feeNok: [500, 1100],
    capacity: [12, 24],
    durationMinutes: [60, 90],
    weekendShare: 0.1,
    variants: [
      {
        title: T("Turn", "Gymnastics", "Gimnastyka", "الجمباز"),
        description: T(
          "Apparatturn med trampett, bom og matter. Vi trener styrke, balanse og mestring.",
          "Apparatus gymnastics with trampette, beam and mats, building strength, balance and confidence.",
          "Gimnastyka na przyrządach: minitrampolina, równoważnia i maty. Ćwiczymy siłę, równowagę i pewność siebie.",
          "جمباز على الأجهزة مع الترامبولين الصغير وعارضة التوازن والحصائر. نتدرب على القوة والتوازن والثقة بالنفس.",
        ),
        ages: [[6, 8], [9, 12], [13, 16]],
      },
      {
        title: T("Troppsgymnastikk", "Team gymnastics", "Gimnastyka drużynowa", "الجمباز الجماعي"),
        description: T(
          "Turn i lag med frittstående, tumbling og trampett.",
          "Gymnastics as a team with floor, tumbling and trampette.",
          "Gimnastyka w zespole: ćwiczenia wolne, akrobatyka i minitrampolina.",
          "جمباز ضمن فريق يشمل التمارين الأرضية والحركات البهلوانية والترامبولين.",
        ),
        ages: [[10, 14], [14, 18]],
      },
      {
        title: T("Allidrett", "Multi-sport", "Multisport", "رياضات متنوعة"),
        description: T(
          "Lek og prøving av mange idretter, ledet av trenere. Passer for de yngste.",
          "Play and trying many sports, led by coaches. Suitable for the youngest.",
          "Zabawa i próbowanie wielu dyscyplin pod okiem trenerów. Dla najmłodszych.",
          "لعب وتجربة رياضات كثيرة بإشراف مدربين. مناسب للأصغر سنًا.",
        ),
        ages: [[6, 8], [7, 9]],
        feeNok: [300, 600],
      },
    ],
  },
  swimming: {
    feeNok: [600, 1200],
    capacity: [10, 16],
    durationMinutes: [45, 60],
    weekendShare: 0.25,
    variants: [
      {
        title: T("Svømmeskole", "Swimming school", "Szkoła pływania", "مدرسة السباحة"),
        description: T(
          "Svømmeopplæring i små grupper, fra vanntilvenning til de første svømmetakene.",
          "Swimming lessons in small groups, from getting used to the water to the first strokes.",
          "Nauka pływania w małych grupach: od oswojenia z wodą do pierwszych ruchów pływackich.",
          "تعليم السباحة في مجموعات صغيرة، من التعود على الماء إلى أولى حركات السباحة.",
        ),
        ages: [[6, 8], [8, 10]],
      },
      {
        title: T("Svømmetrening", "Swim training", "Trening pływacki", "تدريب السباحة"),
        description: T(
          "For deg som kan svømme 200 meter. Teknikk i alle svømmearter og litt konkurranse.",
          "For those who can swim 200 metres. Technique in all strokes and some competition.",
          "Dla osób, które przepłyną 200 metrów. Technika wszystkich stylów i trochę rywalizacji.",
          "لمن يستطيع سباحة 200 متر. تقنيات جميع أنواع السباحة مع بعض المنافسة.",
        ),
        ages: [[9, 12], [13, 18]],
      },
      {
        title: T("Livredningskurs", "Lifesaving course", "Kurs ratownictwa wodnego", "دورة الإنقاذ في الماء"),
        description: T(
          "Livredning og førstehjelp ved vann, avsluttes med livredningsprøve.",
          "Lifesaving and first aid by the water, ending with a lifesaving test.",
          "Ratownictwo i pierwsza pomoc nad wodą, zakończone egzaminem.",
          "الإنقاذ والإسعافات الأولية في الماء، وتنتهي باختبار الإنقاذ.",
        ),
        ages: [[12, 18]],
      },
    ],
  },
  cycling: {
    feeNok: [500, 1000],
    capacity: [10, 18],
    durationMinutes: [90, 120],
    weekendShare: 0.3,
    variants: [
      {
        title: T("Terrengsykling", "Mountain biking"),
        description: T("Sykkeltrening på stier og i skogen. Hjelm er påbudt; sykkel kan lånes.", "Riding on trails and in the woods. A helmet is required; bikes can be borrowed."),
        ages: [[9, 13], [14, 18]],
      },
      {
        title: T("BMX", "BMX"),
        description: T("BMX på banen med trener: balanse, hopp og svinger.", "BMX on the track with a coach: balance, jumps and corners."),
        ages: [[7, 12]],
      },
    ],
  },
  orienteering: {
    feeNok: [200, 500],
    capacity: [15, 30],
    durationMinutes: [90],
    weekendShare: 0.4,
    variants: [
      {
        title: T("Orientering", "Orienteering"),
        description: T("Kart og kompass i skogen. Vi begynner med enkle løyper nær klubbhytta.", "Map and compass in the forest, starting with easy courses near the club cabin."),
        ages: [[8, 12], [13, 18]],
      },
    ],
  },
  tennis: {
    feeNok: [1100, 1800],
    capacity: [10, 12],
    durationMinutes: [60],
    weekendShare: 0.2,
    variants: [
      {
        title: T("Tennis", "Tennis"),
        description: T("Tennistrening i små grupper med sertifisert trener. Racket kan lånes.", "Tennis in small groups with a certified coach. Rackets can be borrowed."),
        ages: [[7, 10], [11, 14], [15, 18]],
      },
    ],
  },
  table_tennis: {
    feeNok: [300, 700],
    capacity: [10, 16],
    durationMinutes: [90],
    weekendShare: 0,
    variants: [
      {
        title: T("Bordtennis", "Table tennis"),
        description: T("Bordtennistrening for alle nivåer, med serve, skru og dobbelspill.", "Table tennis for all levels: serves, spin and doubles."),
        ages: [[8, 12], [13, 18]],
      },
    ],
  },
  badminton: {
    feeNok: [500, 1000],
    capacity: [12, 20],
    durationMinutes: [90],
    weekendShare: 0,
    variants: [
      {
        title: T("Badminton", "Badminton"),
        description: T("Badmintontrening med slagteknikk, fotarbeid og spill i single og double.", "Badminton practice: strokes, footwork and singles and doubles play."),
        ages: [[8, 11], [12, 15], [16, 18]],
      },
    ],
  },
  riding: {
    feeNok: [2200, 3000],
    capacity: [10, 12],
    durationMinutes: [60, 90],
    weekendShare: 0.4,
    variants: [
      {
        title: T("Rideskole", "Riding school"),
        description: T("Ridetimer på rolige ponnier og hester, med stell i stallen før og etter.", "Riding lessons on calm ponies and horses, with stable care before and after."),
        ages: [[7, 10], [11, 14]],
      },
      {
        title: T("Sprangridning", "Show jumping"),
        description: T("For ryttere med erfaring. Vi trener sprang og dressur.", "For experienced riders: jumping and dressage."),
        ages: [[12, 18]],
      },
    ],
  },
  paddling: {
    feeNok: [700, 1200],
    capacity: [10, 14],
    durationMinutes: [90, 120],
    weekendShare: 0.3,
    variants: [
      {
        title: T("Kajakk", "Kayaking"),
        description: T("Padling i kajakk på elva med instruktør. Du må kunne svømme; redningsvest lånes ut.", "Kayaking on the river with an instructor. You must be able to swim; life vests are provided."),
        ages: [[10, 14], [14, 18]],
      },
      {
        title: T("Havkajakk", "Sea kayaking"),
        description: T("Havkajakk i fjorden med vekt på sikkerhet og redning.", "Sea kayaking on the fjord with a focus on safety and rescue."),
        ages: [[12, 18]],
      },
    ],
  },
  climbing: {
    feeNok: [700, 1200],
    capacity: [10, 14],
    durationMinutes: [90, 120],
    weekendShare: 0.1,
    variants: [
      {
        title: T("Klatring", "Climbing", "Wspinaczka", "التسلق"),
        description: T(
          "Buldring og tauklatring inne med instruktør. Klatresko og sele lånes ut.",
          "Bouldering and rope climbing indoors with an instructor. Shoes and harnesses are provided.",
          "Bouldering i wspinaczka z liną na ściance z instruktorem. Buty i uprząż wypożyczamy.",
          "تسلق الصخور والتسلق بالحبل في الداخل مع مدرب. نوفر أحذية التسلق وأحزمة الأمان.",
        ),
        ages: [[8, 11], [12, 15], [15, 18]],
      },
      {
        title: T("Buldregruppe", "Bouldering group", "Grupa boulderingowa", "مجموعة تسلق الجدران المنخفضة"),
        description: T(
          "Buldring på lave vegger uten tau, med vekt på teknikk og samarbeid.",
          "Bouldering on low walls without ropes, focusing on technique and teamwork.",
          "Bouldering na niskich ściankach bez liny, z naciskiem na technikę i współpracę.",
          "تسلق جدران منخفضة بدون حبال، مع التركيز على التقنية والتعاون.",
        ),
        ages: [[10, 14]],
      },
    ],
  },
  martial_arts: {
    feeNok: [500, 1000],
    capacity: [12, 24],
    durationMinutes: [60, 75],
    weekendShare: 0,
    variants: [
      {
        title: T("Karate", "Karate", "Karate", "الكاراتيه"),
        description: T(
          "Karatetrening med teknikk, kata og respekt for hverandre. Gradering to ganger i året.",
          "Karate training with technique, kata and respect for each other. Gradings twice a year.",
          "Trening karate: technika, kata i wzajemny szacunek. Egzaminy na stopnie dwa razy w roku.",
          "تدريب الكاراتيه: التقنيات والكاتا واحترام الآخرين. اختبارات الأحزمة مرتين في السنة.",
        ),
        ages: [[6, 9], [10, 14], [14, 18]],
      },
      {
        title: T("Judo", "Judo", "Judo", "الجودو"),
        description: T(
          "Judo med kast, fallteknikk og lek på matta. Judodrakt kan lånes.",
          "Judo with throws, breakfalls and games on the mat. A judo suit can be borrowed.",
          "Judo: rzuty, padanie i zabawy na macie. Judogę można wypożyczyć.",
          "الجودو: الرميات وتقنيات السقوط والألعاب على البساط. يمكن استعارة بدلة الجودو.",
        ),
        ages: [[7, 10], [11, 15]],
      },
      {
        title: T("Taekwondo", "Taekwondo", "Taekwondo", "التايكوندو"),
        description: T(
          "Taekwondo med spark, mønstre og kondisjon.",
          "Taekwondo with kicks, patterns and fitness.",
          "Taekwondo: kopnięcia, układy formalne i kondycja.",
          "التايكوندو: الركلات والأنماط واللياقة البدنية.",
        ),
        ages: [[7, 11], [12, 17]],
      },
      {
        title: T("Brasiliansk jiu-jitsu", "Brazilian jiu-jitsu", "Brazylijskie jiu-jitsu", "الجوجيتسو البرازيلي"),
        description: T(
          "Bakkekamp med vekt på teknikk og trygg trening.",
          "Grappling focused on technique and safe training.",
          "Walka w parterze z naciskiem na technikę i bezpieczny trening.",
          "قتال أرضي مع التركيز على التقنية والتدريب الآمن.",
        ),
        ages: [[13, 18]],
      },
    ],
  },
  dance: {
    feeNok: [600, 1100],
    capacity: [12, 25],
    durationMinutes: [60, 75],
    weekendShare: 0.1,
    variants: [
      {
        title: T("Hiphop", "Hip-hop", "Hip-hop", "الهيب هوب"),
        description: T(
          "Hiphopdans med grunnsteg, koreografi og egen stil. Oppvisning i slutten av semesteret.",
          "Hip-hop dance: basic steps, choreography and your own style. Show at the end of the term.",
          "Taniec hip-hop: kroki podstawowe, choreografia i własny styl. Pokaz na koniec semestru.",
          "رقص الهيب هوب: الخطوات الأساسية وتصميم الرقصات والأسلوب الخاص. عرض في نهاية الفصل.",
        ),
        ages: [[8, 11], [12, 15], [15, 18]],
      },
      {
        title: T("Ballett", "Ballet", "Balet", "الباليه"),
        description: T(
          "Klassisk ballett med vekt på holdning, musikalitet og glede.",
          "Classical ballet focusing on posture, musicality and joy.",
          "Balet klasyczny: postawa, muzykalność i radość z tańca.",
          "الباليه الكلاسيكي مع التركيز على القوام والإحساس بالموسيقى والمتعة.",
        ),
        ages: [[6, 9], [10, 14]],
      },
      {
        title: T("Jazzdans", "Jazz dance", "Taniec jazzowy", "رقص الجاز"),
        description: T(
          "Energisk jazzdans til popmusikk med oppvarming, teknikk og koreografi.",
          "Energetic jazz dance to pop music with warm-up, technique and choreography.",
          "Energiczny taniec jazzowy do muzyki pop: rozgrzewka, technika i choreografia.",
          "رقص جاز حيوي على أنغام موسيقى البوب مع إحماء وتقنيات وتصميم رقصات.",
        ),
        ages: [[9, 13], [13, 17]],
      },
      {
        title: T("Breaking", "Breaking", "Breaking", "البريك دانس"),
        description: T(
          "Breaking med toprock, footwork og frys, i trygt tempo.",
          "Breaking with toprock, footwork and freezes at a safe pace.",
          "Breaking: toprock, footwork i freezy w bezpiecznym tempie.",
          "البريك دانس: حركات الوقوف وحركات الأرجل والتجميد بوتيرة آمنة.",
        ),
        ages: [[10, 16]],
      },
    ],
  },
  chess: {
    feeNok: [200, 500],
    capacity: [10, 20],
    durationMinutes: [90],
    weekendShare: 0.1,
    variants: [
      {
        title: T("Sjakk", "Chess", "Szachy", "الشطرنج"),
        description: T(
          "Sjakkundervisning og partier i et hyggelig miljø. Vi lærer åpninger, taktikk og sluttspill.",
          "Chess lessons and games in a friendly setting: openings, tactics and endgames.",
          "Nauka szachów i partie w przyjaznej atmosferze: debiuty, taktyka i końcówki.",
          "دروس الشطرنج ومباريات في جو ودي: الافتتاحيات والتكتيك ونهايات الأدوار.",
        ),
        ages: [[7, 10], [11, 14], [13, 18]],
      },
    ],
  },
  scouts: {
    feeNok: [200, 500],
    capacity: [20, 30],
    durationMinutes: [90, 120],
    weekendShare: 0,
    variants: [
      {
        title: T("Speiding, flokk", "Scouts (cubs)", "Harcerstwo, zuchy", "الكشافة: الأشبال"),
        description: T(
          "Friluftsliv, knuter, bål og samarbeid i patruljer. Vi er ute i all slags vær.",
          "Outdoor life, knots, campfires and teamwork in patrols, in all kinds of weather.",
          "Życie na świeżym powietrzu, węzły, ognisko i praca w zastępach, przy każdej pogodzie.",
          "أنشطة في الطبيعة وعقد الحبال وإشعال النار والعمل الجماعي في فرق، في كل الأحوال الجوية.",
        ),
        ages: [[7, 10]],
      },
      {
        title: T("Speiding, tropp", "Scouts (troop)", "Harcerstwo, drużyna", "الكشافة: الفرقة"),
        description: T(
          "Turer, hajk og lederskap i patruljer. Vi planlegger turene sammen.",
          "Trips, hikes and leadership in patrols. We plan our trips together.",
          "Wyprawy, biwaki i przywództwo w zastępach. Planujemy wyjazdy razem.",
          "رحلات ومسير وقيادة ضمن الفرق. نخطط للرحلات معًا.",
        ),
        ages: [[11, 16]],
      },
      {
        title: T("Speiding, rover", "Scouts (rovers)", "Harcerstwo, wędrownicy", "الكشافة: الجوالة"),
        description: T(
          "Egne turer og prosjekter for de eldste speiderne, med ansvar for yngre patruljer.",
          "Own trips and projects for the oldest scouts, helping to lead younger patrols.",
          "Własne wyprawy i projekty dla najstarszych harcerzy, z pomocą w prowadzeniu młodszych zastępów.",
          "رحلات ومشاريع خاصة لأكبر الكشافة، مع المساعدة في قيادة الفرق الأصغر.",
        ),
        ages: [[16, 18]],
      },
    ],
  },
  music: {
    feeNok: [900, 1800],
    capacity: [10, 16],
    durationMinutes: [60, 90],
    weekendShare: 0,
    variants: [
      {
        title: T("Gitarkurs", "Guitar course", "Kurs gry na gitarze", "دورة الغيتار"),
        description: T(
          "Gitarundervisning i små grupper, fra de første akkordene til hele låter. Gitar kan lånes.",
          "Guitar lessons in small groups, from the first chords to full songs. Guitars can be borrowed.",
          "Lekcje gry na gitarze w małych grupach, od pierwszych akordów do całych piosenek. Gitarę można wypożyczyć.",
          "دروس الغيتار في مجموعات صغيرة، من أول الأوتار إلى أغانٍ كاملة. يمكن استعارة الغيتار.",
        ),
        ages: [[9, 13], [13, 18]],
      },
      {
        title: T("Band", "Band", "Zespół muzyczny", "فرقة موسيقية"),
        description: T(
          "Spill i band med andre ungdommer. Vi øver i øvingsrom og holder konsert i slutten av semesteret.",
          "Play in a band with other young people. We rehearse in our studio and play a concert at the end of the term.",
          "Graj w zespole z innymi młodymi ludźmi. Ćwiczymy w sali prób i gramy koncert na koniec semestru.",
          "اعزف في فرقة مع شباب آخرين. نتدرب في غرفة التمرين ونقدم حفلة في نهاية الفصل.",
        ),
        ages: [[12, 18]],
      },
      {
        title: T("Skolekorps", "School band", "Orkiestra dęta", "فرقة النفخ المدرسية"),
        description: T(
          "Korps med blåseinstrumenter og slagverk. Instrument og uniform lånes ut.",
          "A wind band with percussion. Instruments and uniforms are lent out.",
          "Orkiestra dęta z perkusją. Instrumenty i mundury wypożyczamy.",
          "فرقة آلات النفخ والإيقاع. نعير الآلات الموسيقية والزي.",
        ),
        ages: [[8, 12], [12, 18]],
        feeNok: [500, 900],
      },
      {
        title: T("Trommekurs", "Drum course", "Kurs gry na perkusji", "دورة الطبول"),
        description: T(
          "Lær rytmer og groove på trommesett og perkusjon.",
          "Learn rhythms and grooves on drum kit and percussion.",
          "Naucz się rytmów na zestawie perkusyjnym i instrumentach perkusyjnych.",
          "تعلّم الإيقاعات على مجموعة الطبول وآلات الإيقاع.",
        ),
        ages: [[10, 15]],
      },
    ],
  },
  choir: {
    feeNok: [200, 600],
    capacity: [20, 40],
    durationMinutes: [60, 90],
    weekendShare: 0,
    variants: [
      {
        title: T("Barnekor", "Children's choir", "Chór dziecięcy", "جوقة الأطفال"),
        description: T(
          "Sang, stemmebruk og sangglede, med konserter to ganger i året.",
          "Singing, voice training and joy of singing, with concerts twice a year.",
          "Śpiew, emisja głosu i radość ze śpiewania, z koncertami dwa razy w roku.",
          "الغناء وتدريب الصوت ومتعة الغناء، مع حفلات مرتين في السنة.",
        ),
        ages: [[6, 10]],
      },
      {
        title: T("Ungdomskor", "Youth choir", "Chór młodzieżowy", "جوقة الشباب"),
        description: T(
          "Flerstemt sang fra pop til gospel, for deg som liker å synge sammen med andre.",
          "Part singing from pop to gospel, for those who like singing with others.",
          "Śpiew wielogłosowy od popu po gospel, dla tych, którzy lubią śpiewać razem.",
          "غناء متعدد الأصوات من البوب إلى الغوسبل، لمن يحب الغناء مع الآخرين.",
        ),
        ages: [[11, 18]],
      },
    ],
  },
  theatre: {
    feeNok: [700, 1200],
    capacity: [12, 20],
    durationMinutes: [90, 120],
    weekendShare: 0.1,
    variants: [
      {
        title: T("Teatergruppe", "Theatre group"),
        description: T("Drama, improvisasjon og forestilling på en ekte scene i slutten av semesteret.", "Drama, improvisation and a show on a real stage at the end of the term."),
        ages: [[8, 12], [13, 18]],
      },
      {
        title: T("Musikal", "Musical theatre"),
        description: T("Sang, dans og skuespill i én forestilling.", "Singing, dancing and acting in one production."),
        ages: [[10, 16]],
      },
    ],
  },
  art: {
    feeNok: [600, 1000],
    capacity: [10, 16],
    durationMinutes: [90, 120],
    weekendShare: 0.1,
    variants: [
      {
        title: T("Tegning og maling", "Drawing and painting", "Rysunek i malarstwo", "الرسم والتلوين"),
        description: T(
          "Tegning og maling med ulike teknikker. Alt materiell er inkludert.",
          "Drawing and painting with different techniques. All materials included.",
          "Rysunek i malarstwo różnymi technikami. Wszystkie materiały w cenie.",
          "الرسم والتلوين بتقنيات مختلفة. جميع المواد مشمولة.",
        ),
        ages: [[6, 9], [10, 14]],
      },
      {
        title: T("Keramikk", "Ceramics", "Ceramika", "الخزف"),
        description: T(
          "Forme, glasere og brenne egne ting i leire.",
          "Shape, glaze and fire your own pieces in clay.",
          "Lepienie, szkliwienie i wypalanie własnych prac z gliny.",
          "تشكيل الطين وتزجيجه وحرق قطعك الخاصة.",
        ),
        ages: [[9, 15]],
      },
      {
        title: T("Tegneserieverksted", "Comic workshop", "Warsztaty komiksu", "ورشة القصص المصورة"),
        description: T(
          "Lag din egen tegneserie, fra figurer til ferdig hefte.",
          "Create your own comic, from characters to a finished booklet.",
          "Stwórz własny komiks: od postaci do gotowego zeszytu.",
          "اصنع قصتك المصورة الخاصة، من الشخصيات إلى كتيب جاهز.",
        ),
        ages: [[11, 16]],
      },
    ],
  },
  coding: {
    feeNok: [400, 900],
    capacity: [10, 16],
    durationMinutes: [90],
    weekendShare: 0.1,
    variants: [
      {
        title: T("Koding med Scratch", "Coding with Scratch", "Programowanie w Scratchu", "البرمجة باستخدام سكراتش"),
        description: T(
          "Lag egne spill og animasjoner med Scratch. PC-er lånes ut.",
          "Make your own games and animations with Scratch. Computers are provided.",
          "Twórz własne gry i animacje w Scratchu. Komputery zapewniamy.",
          "اصنع ألعابك ورسومك المتحركة بنفسك باستخدام سكراتش. نوفر أجهزة الكمبيوتر.",
        ),
        ages: [[8, 11]],
      },
      {
        title: T("Robotikk", "Robotics", "Robotyka", "الروبوتات"),
        description: T(
          "Bygg og programmer roboter med sensorer og motorer.",
          "Build and program robots with sensors and motors.",
          "Budowanie i programowanie robotów z czujnikami i silnikami.",
          "بناء الروبوتات وبرمجتها باستخدام الحساسات والمحركات.",
        ),
        ages: [[10, 14]],
      },
      {
        title: T("Programmering med Python", "Programming with Python", "Programowanie w Pythonie", "البرمجة بلغة بايثون"),
        description: T(
          "Fra de første kodelinjene til egne små programmer og spill.",
          "From the first lines of code to your own small programs and games.",
          "Od pierwszych linijek kodu do własnych małych programów i gier.",
          "من أول أسطر البرمجة إلى برامج وألعاب صغيرة خاصة بك.",
        ),
        ages: [[13, 18]],
      },
    ],
  },
  esport: {
    feeNok: [500, 1000],
    capacity: [10, 16],
    durationMinutes: [120],
    weekendShare: 0.1,
    variants: [
      {
        title: T("E-sport", "Esports", "E-sport", "الرياضات الإلكترونية"),
        description: T(
          "Lagspill med trener, med vekt på samarbeid, kommunikasjon og sunne skjermvaner. Fysisk oppvarming hver gang.",
          "Team gaming with a coach, focusing on teamwork, communication and healthy screen habits. Physical warm-up every session.",
          "Gry zespołowe z trenerem: współpraca, komunikacja i zdrowe nawyki przed ekranem. Rozgrzewka fizyczna na każdym treningu.",
          "ألعاب جماعية مع مدرب، مع التركيز على التعاون والتواصل وعادات صحية أمام الشاشة. إحماء بدني في كل حصة.",
        ),
        ages: [[12, 15], [15, 18]],
      },
      {
        title: T("E-sport for nybegynnere", "Esports for beginners", "E-sport dla początkujących", "الرياضات الإلكترونية للمبتدئين"),
        description: T(
          "Prøv konkurransespill i et trygt miljø med voksne trenere.",
          "Try competitive gaming in a safe setting with adult coaches.",
          "Spróbuj gier rywalizacyjnych w bezpiecznym otoczeniu z dorosłymi trenerami.",
          "جرّب الألعاب التنافسية في بيئة آمنة مع مدربين بالغين.",
        ),
        ages: [[10, 13]],
      },
    ],
  },
  // The excluded categories get one explicit activity each (SPECIAL below); a profile gives them
  // fees, times and capacities like any other activity.
  camp: { feeNok: [900, 1500], capacity: [20, 30], durationMinutes: [480], weekendShare: 1, startTimes: ["09:00"], variants: [] },
  tournament: { feeNok: [300, 500], capacity: [30, 40], durationMinutes: [360], weekendShare: 1, startTimes: ["09:00", "10:00"], variants: [] },
  holiday_offer: { feeNok: [400, 800], capacity: [20, 30], durationMinutes: [300], weekendShare: 0, startTimes: ["09:00"], variants: [] },
  cinema: { feeNok: [400, 600], capacity: [20, 40], durationMinutes: [150], weekendShare: 0, variants: [] },
  bowling: { feeNok: [600, 900], capacity: [12, 20], durationMinutes: [90], weekendShare: 0.5, variants: [] },
};

/** Activities written out one by one: the ones the scheme's rules refuse, and a few demo cases. */
export const SPECIAL = {
  // Category excluded by default configuration (camps, tournaments, cinema, bowling, holiday offers).
  autumnCamp: {
    title: T("Høstleir", "Autumn camp"),
    description: T("Tre dager med overnatting i telt, matlaging på bål og aktiviteter i skogen.", "Three days with nights in tents, campfire cooking and activities in the woods."),
    ages: [[10, 15]],
  },
  cup: {
    title: T("Høstcup i fotball", "Autumn football cup"),
    description: T("Fotballturnering med lag fra hele Drammen. Påmelding per spiller.", "Football tournament with teams from all over Drammen. Registration per player."),
    ages: [[8, 14]],
  },
  filmClub: {
    title: T("Filmklubb for ungdom", "Youth film club"),
    description: T("Vi ser film på kino annenhver uke og snakker om den etterpå.", "We watch a film at the cinema every other week and talk about it afterwards."),
    ages: [[13, 18]],
  },
  bowling: {
    title: T("Bowling for ungdom", "Bowling for young people"),
    description: T("Bowling i bowlinghallen med instruktør.", "Bowling at the bowling alley with an instructor."),
    ages: [[10, 18]],
  },
  winterBreak: {
    title: T("Vinterferieaktiviteter", "Winter holiday activities"),
    description: T("Aktivitetsdager i vinterferien med en ny idrett hver dag.", "Activity days in the winter holiday, with a different sport every day."),
    ages: [[6, 12]],
  },
  // Ordinary categories with too few sessions (the scheme requires 8 per half-year by default).
  climbingTaster: {
    title: T("Prøvekurs i klatring", "Climbing taster course", "Kurs próbny wspinaczki", "دورة تجريبية في التسلق"),
    description: T(
      "Fire ganger med introduksjon til klatring og sikring.",
      "Four sessions introducing climbing and belaying.",
      "Cztery zajęcia wprowadzające do wspinaczki i asekuracji.",
      "أربع حصص للتعرف على التسلق وتقنيات التأمين.",
    ),
    ages: [[10, 16]],
  },
  danceMiniCourse: {
    title: T("Minikurs i dans", "Dance mini course", "Minikurs tańca", "دورة رقص قصيرة"),
    description: T(
      "Fire ganger der du prøver hiphop, jazz og ballett.",
      "Four sessions to try hip-hop, jazz and ballet.",
      "Cztery zajęcia, na których spróbujesz hip-hopu, jazzu i baletu.",
      "أربع حصص لتجربة الهيب هوب والجاز والباليه.",
    ),
    ages: [[8, 12]],
  },
  // Capacity 2: fills up after two sign-ups, so "the activity is full" can be shown.
  chessTalents: {
    title: T("Sjakk, talentgruppe", "Chess talent group", "Szachy, grupa talentów", "الشطرنج: مجموعة الموهوبين"),
    description: T(
      "For spillere med turneringserfaring. Individuell oppfølging av trener.",
      "For players with tournament experience. Individual coaching.",
      "Dla graczy z doświadczeniem turniejowym. Indywidualna opieka trenera.",
      "للاعبين ذوي الخبرة في البطولات. متابعة فردية من المدرب.",
    ),
    ages: [[10, 16]],
  },
  filmWorkshop: {
    title: T("Filmverksted", "Film workshop", "Warsztaty filmowe", "ورشة صناعة الأفلام"),
    description: T(
      "Lag kortfilm fra manus til ferdig film: kamera, lyd og klipp.",
      "Make a short film from script to screen: camera, sound and editing.",
      "Nakręć krótki film od scenariusza do ekranu: kamera, dźwięk i montaż.",
      "اصنع فيلمًا قصيرًا من السيناريو إلى الشاشة: التصوير والصوت والمونتاج.",
    ),
    ages: [[12, 17]],
  },
} as const satisfies Record<string, ActivityVariant>;

/** Accessibility notes some venues give (tilrettelegging starts with knowing what the place offers). */
export const ACCESSIBILITY_NOTES: readonly string[] = [
  "Trinnfri adkomst",
  "Trinnfri adkomst og HC-toalett",
  "Teleslynge i salen",
  "Heis til alle etasjer",
  "Garderobe tilpasset rullestol",
  "Stille rom tilgjengelig ved behov",
  "Trenere med erfaring med ADHD og autisme",
  "Tegnspråktolk etter avtale",
];

// ───────────────────────────── Providers ─────────────────────────────

export type ApprovalStateSeed = "PENDING" | "APPROVED" | "REJECTED" | "SUSPENDED";

export interface OfferSeed {
  category: ActivityCategory;
  /** How many activities of this category (default 1). Ignored with `special`. */
  count?: number;
  /** Only these variants of the category (indices into its profile), default all. */
  variants?: readonly number[];
  /** One explicitly written activity instead of the category's variants. */
  special?: ActivityVariant;
  feeNok?: number;
  capacity?: number;
  sessions?: number;
  /** Overrides the state derived from the provider's (a new activity awaiting approval). */
  approval?: ApprovalStateSeed;
}

export interface ProviderSeed {
  name: string;
  district: string; // a DistrictSeed slug
  state: ApprovalStateSeed;
  offers: readonly OfferSeed[];
  /** The contact person's preferred language, default nb. */
  contactLanguage?: Language;
  contactRole?: "contact" | "leader" | "treasurer";
}

/**
 * Fictional clubs: names were made up to sound like Drammen clubs without copying a real one
 * (nature and place-like words, not the real district clubs).
 */
export const PROVIDERS: readonly ProviderSeed[] = [
  { name: "Kvitstein Fotballklubb", district: "konnerud", state: "APPROVED", offers: [{ category: "football", count: 4 }] },
  { name: "Elvebredden Idrettslag", district: "stromso", state: "APPROVED", offers: [{ category: "football", count: 2 }, { category: "athletics" }, { category: "tournament", special: SPECIAL.cup, sessions: 2 }] },
  { name: "Ravnekollen Idrettslag", district: "skoger", state: "APPROVED", offers: [{ category: "skiing", count: 2 }, { category: "orienteering" }, { category: "athletics" }] },
  { name: "Sølvbekken Håndballklubb", district: "fjell", state: "APPROVED", offers: [{ category: "handball", count: 3 }], contactLanguage: "tr" },
  { name: "Bysletta Håndball", district: "assiden", state: "APPROVED", offers: [{ category: "handball", count: 3 }] },
  { name: "Gyldenløve Svømmeklubb", district: "bragernes", state: "APPROVED", offers: [{ category: "swimming", count: 4 }], contactRole: "leader" },
  { name: "Furulunden Svømme- og livredningsklubb", district: "mjondalen", state: "APPROVED", offers: [{ category: "swimming", count: 2 }] },
  { name: "Tårnåsen Basketballklubb", district: "danvik", state: "APPROVED", offers: [{ category: "basketball", count: 2, variants: [0] }, { category: "basketball", variants: [1], approval: "PENDING" }], contactLanguage: "en" },
  { name: "Blåmyra Volleyballklubb", district: "gulskogen", state: "APPROVED", offers: [{ category: "volleyball", count: 2 }] },
  { name: "Granholtet Innebandyklubb", district: "austad", state: "APPROVED", offers: [{ category: "floorball", count: 3 }] },
  { name: "Elveisen Ishockeyklubb", district: "askollen", state: "APPROVED", offers: [{ category: "ice_hockey", count: 3 }] },
  { name: "Bjørketoppen Turnforening", district: "bragernes", state: "APPROVED", offers: [{ category: "gymnastics", count: 4, variants: [0, 1] }] },
  { name: "Fossekallen Friidrettsklubb", district: "gulskogen", state: "APPROVED", offers: [{ category: "athletics", count: 3 }] },
  { name: "Stiknuten Sykkelklubb", district: "konnerud", state: "APPROVED", offers: [{ category: "cycling", count: 3 }] },
  { name: "Kompassrosen Orienteringslag", district: "skoger", state: "APPROVED", offers: [{ category: "orienteering", count: 2 }], contactRole: "treasurer" },
  { name: "Ballvinden Tennisklubb", district: "assiden", state: "APPROVED", offers: [{ category: "tennis", count: 2 }, { category: "tennis", approval: "PENDING" }] },
  { name: "Spinnballen Bordtennisklubb", district: "stromso", state: "APPROVED", offers: [{ category: "table_tennis", count: 2 }], contactLanguage: "uk" },
  { name: "Fjærballen Badmintonklubb", district: "tangen", state: "APPROVED", offers: [{ category: "badminton", count: 3 }] },
  { name: "Hesteliv Rideklubb", district: "svelvik", state: "APPROVED", offers: [{ category: "riding", count: 3 }] },
  { name: "Elvestrømmen Padleklubb", district: "tangen", state: "APPROVED", offers: [{ category: "paddling", count: 2, variants: [0] }] },
  { name: "Bratthenget Klatreklubb", district: "gulskogen", state: "APPROVED", offers: [{ category: "climbing", count: 3 }, { category: "climbing", special: SPECIAL.climbingTaster, sessions: 4 }] },
  { name: "Ørneredet Kampsportklubb", district: "stromso", state: "APPROVED", offers: [{ category: "martial_arts", count: 4, variants: [0, 1] }], contactLanguage: "pl" },
  { name: "Tigerspranget Taekwondoklubb", district: "fjell", state: "APPROVED", offers: [{ category: "martial_arts", count: 2, variants: [2] }], contactLanguage: "tr" },
  { name: "Rytmeloftet Danseskole", district: "bragernes", state: "APPROVED", offers: [{ category: "dance", count: 4, variants: [0, 1, 2] }, { category: "dance", special: SPECIAL.danceMiniCourse, sessions: 4 }], contactRole: "leader" },
  { name: "Flytsonen Dansekollektiv", district: "fjell", state: "APPROVED", offers: [{ category: "dance", count: 3, variants: [0, 3] }], contactLanguage: "ar" },
  { name: "Løperen Sjakklubb", district: "bragernes", state: "APPROVED", offers: [{ category: "chess", count: 2 }, { category: "chess", special: SPECIAL.chessTalents, capacity: 2 }] },
  { name: "Springeren Sjakklubb", district: "mjondalen", state: "APPROVED", offers: [{ category: "chess", feeNok: 0 }, { category: "chess" }] },
  { name: "Lindealléen Speidergruppe", district: "austad", state: "APPROVED", offers: [{ category: "scouts", count: 3 }, { category: "camp", special: SPECIAL.autumnCamp, sessions: 3 }] },
  { name: "Revehiet Speidergruppe", district: "svelvik", state: "APPROVED", offers: [{ category: "scouts", feeNok: 150, variants: [0] }, { category: "scouts", variants: [1] }] },
  { name: "Klangrommet Musikkverksted", district: "stromso", state: "APPROVED", offers: [{ category: "music", count: 3, variants: [0, 1, 3] }] },
  { name: "Solsikken Skolekorps", district: "solbergmoen", state: "APPROVED", offers: [{ category: "music", count: 2, variants: [2] }], contactRole: "leader" },
  { name: "Tonebølgen Kor", district: "danvik", state: "APPROVED", offers: [{ category: "choir", count: 2 }] },
  { name: "Sceneteppet Ungdomsteater", district: "bragernes", state: "APPROVED", offers: [{ category: "theatre", count: 3 }] },
  { name: "Fargeklatten Kunstverksted", district: "stromso", state: "APPROVED", offers: [{ category: "art", count: 3 }], contactLanguage: "lt" },
  { name: "Bitverkstedet Kodeklubb", district: "gulskogen", state: "APPROVED", offers: [{ category: "coding", count: 3 }] },
  { name: "Pixelborgen E-sportklubb", district: "assiden", state: "APPROVED", offers: [{ category: "esport", count: 2, variants: [0] }, { category: "esport", variants: [1], approval: "PENDING" }] },
  { name: "Vintersol Skiklubb", district: "konnerud", state: "APPROVED", offers: [{ category: "skiing", count: 2 }] },
  { name: "Morgenrøden Idrettslag", district: "mjondalen", state: "APPROVED", offers: [{ category: "gymnastics", count: 2, variants: [2] }, { category: "athletics" }, { category: "holiday_offer", special: SPECIAL.winterBreak, sessions: 5 }] },
  { name: "Solgløtt Idrettslag", district: "solbergmoen", state: "APPROVED", offers: [{ category: "football", count: 2 }, { category: "handball" }] },
  { name: "Brofestet Fotballklubb", district: "askollen", state: "APPROVED", offers: [{ category: "football", count: 3 }], contactLanguage: "so" },
  { name: "Havbris Kajakklubb", district: "svelvik", state: "APPROVED", offers: [{ category: "paddling", count: 2, variants: [1, 0] }] },
  { name: "Lyskasteren Filmklubb", district: "bragernes", state: "APPROVED", offers: [{ category: "cinema", special: SPECIAL.filmClub, sessions: 9 }, { category: "art", special: SPECIAL.filmWorkshop }] },
  { name: "Kjeglebanen Bowlingklubb", district: "stromso", state: "APPROVED", offers: [{ category: "bowling", special: SPECIAL.bowling, sessions: 12 }] },
  // Waiting for the municipality: their activities wait too.
  { name: "Stjerneskudd Turn og Cheer", district: "askollen", state: "PENDING", offers: [{ category: "gymnastics", count: 2, variants: [0, 1] }] },
  { name: "Fjordglimt Klatregruppe", district: "svelvik", state: "PENDING", offers: [{ category: "climbing", count: 2 }] },
  { name: "Nivå Opp Spillklubb", district: "fjell", state: "PENDING", offers: [{ category: "esport", count: 2 }], contactLanguage: "ur" },
  // Refused (no police certificates) and suspended (certificates lapsed): their offers cannot be paid.
  { name: "Rask Kampsportsenter", district: "tangen", state: "REJECTED", offers: [{ category: "martial_arts", count: 2, variants: [3, 0] }] },
  { name: "Høyfjellet Idrettsskole", district: "danvik", state: "SUSPENDED", offers: [{ category: "football" }, { category: "athletics" }] },
];
