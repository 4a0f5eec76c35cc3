"""Word lists the data generator builds its French and English text from.

Made up for confnotes; companies and people are fictional combinations.
"""


def _items(text: str) -> tuple[str, ...]:
    """The comma-separated items of a multi-line string."""
    return tuple(item.strip() for item in text.replace("\n", " ").split(",") if item.strip())


FIRST_NAMES = _items(
    """
    Camille, Lucas, Léa, Hugo, Chloé, Louis, Manon, Gabriel, Inès, Jules, Sarah, Arthur,
    Jade, Nathan, Zoé, Théo, Emma, Raphaël, Alice, Mathis, Lina, Tom, Juliette, Noah,
    Clara, Maël, Anaïs, Paul, Élodie, Victor, Margaux, Antoine, Pauline, Julien, Charlotte,
    Nicolas, Mathilde, Thomas, Céline, Maxime, Aurélie, Romain, Sophie, Quentin, Laura,
    Kevin, Marion, Adrien, Elise, Bastien, Hélène, Damien, Agathe, Florian, Solène,
    Yannick, Amandine, Cédric, Mélanie, Grégoire, Fatou, Karim, Yasmine, Mehdi, Nadia,
    Samir, Aïcha, Omar, Leïla, Malik, Priya, Arjun, Mei, Kenji, Yuki, Sven, Ingrid, Lars,
    Freya, Matteo, Giulia, Luca, Chiara, Diego, Lucía, Pablo, Carmen, João, Beatriz,
    Tomasz, Agnieszka, Jan, Eva, Pieter, Sanne, Daan, Anouk, Lukas, Hannah, Felix, Mia,
    Oliver, Amelia, Jack, Olivia, Liam, Ava, Ethan, Grace, Noor, Tariq, Elif, Emre, Zeynep,
    Dmytro, Olena, Andrei, Ioana, Nikos, Eleni, Björn, Astrid, Kofi, Ama
    """
)

LAST_NAMES = _items(
    """
    Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon,
    Laurent, Lefèvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel,
    Girard, André, Lefebvre, Mercier, Dupont, Lambert, Bonnet, François, Martinez, Legrand,
    Garnier, Faure, Rousseau, Blanc, Guérin, Muller, Henry, Roussel, Nicolas, Perrin,
    Morin, Mathieu, Clément, Gauthier, Dumont, Lopez, Fontaine, Chevalier, Robin, Masson,
    Sanchez, Gérard, Nguyen, Boyer, Denis, Lemaire, Duval, Joly, Gautier, Roger, Roche,
    Roy, Noël, Meyer, Lucas, Meunier, Jean, Perez, Marchand, Dufour, Blanchard, Marie,
    Barbier, Brun, Dumas, Brunet, Schmitt, Leroux, Colin, Fernandez, Pierre, Renard,
    Arnaud, Rolland, Caron, Aubert, Giraud, Leclerc, Vidal, Bourgeois, Renaud, Lemoine,
    Picard, Gaillard, Philippe, Leclercq, Lacroix, Fabre, Dupuis, Olivier, Rodriguez,
    Da Silva, Hubert, Louis, Charles, Guillot, Rivière, Le Gall, Guillaume, Adam, Rey,
    Moulin, Gonzalez, Berger, Lecomte, Menard, Fleury, Deschamps, Carpentier, Julien,
    Benoit, Paris, Maillard, Marchal, Aubry, Vasseur, Le Roux, Renault, Jacquet, Collet,
    Prévost, Poirier, Charpentier, Royer, Huet, Baron, Dupuy, Pons, Paul, Laine, Carré,
    Breton, Rémy, Schneider, Perrot, Guyot, Barre, Marty, Cousin, Haddad, Benali, Cherif,
    Mansouri, Ait Ali, Diallo, Traoré, Ndiaye, Kone, Sharma, Patel, Iyer, Chen, Wang,
    Tanaka, Sato, Kim, Park, Larsen, Nielsen, Andersson, Johansson, Rossi, Bianchi,
    Ferrari, Esposito, García, Fernández, Santos, Oliveira, Kowalski, Nowak, Novák,
    de Vries, van Dijk, Bakker, Janssen, Visser, Smit, Schmidt, Fischer, Weber, Wagner,
    Becker, Hoffmann, Smith, Jones, Taylor, Brown, Williams, Wilson, Evans, Walker, Wright,
    Hughes, Öztürk, Demir, Kaya, Shevchenko, Kovalenko, Popescu, Ionescu, Papadopoulos,
    Lindqvist, Mensah, Owusu
    """
)

# City and ISO country code.
CITIES = tuple(
    tuple(city.rsplit(" ", 1))
    for city in _items(
        """
        Paris FR, Lyon FR, Nantes FR, Lille FR, Bordeaux FR, Toulouse FR, Marseille FR,
        Rennes FR, Montpellier FR, Strasbourg FR, Grenoble FR, Nice FR, Brussels BE,
        Liège BE, Amsterdam NL, Utrecht NL, Berlin DE, Munich DE, Hamburg DE, Barcelona ES,
        Madrid ES, Milan IT, Turin IT, London GB, Geneva CH, Lausanne CH, Lisbon PT,
        Porto PT, Luxembourg LU, Montréal CA, Copenhagen DK, Stockholm SE, Warsaw PL,
        Prague CZ, Vienna AT, Dublin IE
        """
    )
)

VENUES = _items(
    """
    Palais des Congrès, Cité des Congrès, Centre de Congrès, Docks, Beffroi,
    Conference Centre, Expo Hall, University Campus, Halle aux Grains, Maison de la Chimie
    """
)

SERIES_SUBJECTS = _items(
    """
    Cloud, Data, DevOps, Platform, Kube, Code, Infra, Web, Green, Open Source, SRE, Rust,
    Gopher, Security, AI, Mobile, Craft, Java, Python, Serverless
    """
)

SERIES_KINDS = _items(
    """
    Days, Summit, Forum, Conf, Camp, Week, Rendez-vous, Festival, Connect, Journées
    """
)

ROOMS = _items(
    """
    Amphi Bleu, Amphi Rouge, Salle 1, Salle 2, Salle 3, Room A, Room B, Main Stage,
    Auditorium, Workshop Room, Debussy, Ravel, Dumas, Hugo, Lab, Community Corner, Track 1,
    Track 2
    """
)

# The recommended topics of docs/writeup-format.md, weighted roughly as in the demo.
TOPIC_WEIGHTS = {
    "Kubernetes": 30,
    "Cloud Native": 12,
    "Platform Engineering": 10,
    "Observability": 10,
    "Security": 8,
    "Infrastructure as Code": 7,
    "CI/CD": 7,
    "AI": 7,
    "Open Source": 6,
    "Developer Experience": 6,
    "Community": 5,
    "SRE": 5,
    "Databases": 5,
    "Networking": 5,
    "GitOps": 4,
    "LLM": 4,
    "OpenTelemetry": 4,
    "Career": 4,
    "FinOps": 3,
    "Edge": 3,
    "WebAssembly": 3,
    "Rust": 3,
    "Go": 3,
    "eBPF": 3,
    "Green IT": 2,
    "Management": 2,
    "Soft Skills": 2,
    "Well-being": 2,
    "Product Management": 2,
    "Terraform": 2,
    "Storage": 2,
    "Accessibility": 1,
}

TOOLS = _items(
    """
    Kubernetes, Terraform, OpenTelemetry, Prometheus, Grafana, Argo CD, Flux, Crossplane,
    Backstage, Cilium, eBPF, Istio, Linkerd, PostgreSQL, Kafka, Rust, Go, WebAssembly,
    Dagger, GitHub Actions, GitLab CI, Vault, Keycloak, Falco, KEDA, Karpenter, Helm,
    Kustomize, Quickwit, VictoriaMetrics, ClickHouse, Redis, Ollama, Trivy, Kyverno,
    OpenTofu, Talos, k3s, Envoy, NATS, Temporal, Loki, Tempo, Jaeger, CloudNativePG,
    Cert-manager
    """
)

COMPANIES = _items(
    """
    Acme Retail, Nimbus Bank, Boréal Énergie, Kestrel Mobility, Papillon Assurances,
    Mistral Logistique, Atlas Santé, Cobalt Media, Hirondelle Transports, Orque Games,
    Vega Telecom, Lumen Public Services, Tramontane Travel, Sirocco Foods, Cigogne Post,
    Northwind Manufacturing
    """
)

THINGS_EN = (
    "multi-tenant clusters",
    "database operators",
    "CI pipelines",
    "feature flags",
    "incident response",
    "on-call rotations",
    "GPU workloads",
    "edge clusters",
    "an internal developer platform",
    "log pipelines",
    "secrets management",
    "cost dashboards",
    "a service mesh",
    "autoscaling",
    "blue-green deployments",
    "supply chain security",
    "distributed tracing",
    "chaos engineering",
    "policy as code",
    "golden paths",
    "ephemeral environments",
    "multi-cluster networking",
    "disaster recovery",
    "SLOs and error budgets",
    "container images",
    "LLM inference",
    "a developer portal",
)

THINGS_FR = (
    "des clusters multi-tenants",
    "les opérateurs de bases de données",
    "les pipelines de CI",
    "les feature flags",
    "la gestion d'incidents",
    "les astreintes",
    "les workloads GPU",
    "des clusters en edge",
    "une plateforme interne",
    "les pipelines de logs",
    "la gestion des secrets",
    "les tableaux de bord FinOps",
    "un service mesh",
    "l'autoscaling",
    "les déploiements blue-green",
    "la sécurité de la supply chain",
    "le tracing distribué",
    "le chaos engineering",
    "la policy as code",
    "les golden paths",
    "les environnements éphémères",
    "le réseau multi-clusters",
    "le plan de reprise d'activité",
    "les SLO et budgets d'erreur",
    "les images de conteneurs",
    "l'inférence de LLM",
    "un portail développeur",
)

TITLE_TEMPLATES_EN = (
    "{tool} in production: {lesson}",
    "Scaling {thing} with {tool}",
    "What we learned running {thing} at {company}",
    "From {tool} to {tool2}: a migration story",
    "{number} things I wish I knew about {thing}",
    "Observability for {thing} without the bill",
    "Zero-downtime {thing} on {tool}",
    "Building {thing} for {big_number} developers",
    "{tool} and {tool2}, better together",
    "Why {thing} failed us, and what we did next",
    "A practical guide to {thing}",
    "{tool} beyond the basics",
)

TITLE_TEMPLATES_FR = (
    "{tool} en production : {lesson}",
    "Retour d'expérience : {thing} chez {company}",
    "Passer de {tool} à {tool2} sans tout casser",
    "{number} choses à savoir sur {thing}",
    "Comment nous avons industrialisé {thing}",
    "{tool} : mythes et réalités",
    "Ce que {thing} nous a appris",
    "{tool} et {tool2}, le duo gagnant ?",
    "Du POC à la prod : {thing} avec {tool}",
    "Il était une fois {thing}",
    "Guide de survie pour {thing}",
    "{tool} au-delà des bases",
)

LESSONS_EN = (
    "the hard parts",
    "lessons from two years",
    "what nobody tells you",
    "the good and the bad",
    "a field report",
    "mistakes we made",
    "keeping it simple",
    "five surprises",
)

LESSONS_FR = (
    "les pièges à éviter",
    "deux ans plus tard",
    "ce qu'on ne vous dit pas",
    "le bon et le moins bon",
    "retour du terrain",
    "nos erreurs",
    "rester simple",
    "cinq surprises",
)

NOTE_BULLETS_EN = (
    "{tool} handles {thing} well once the defaults are tuned",
    "The team measured {metric} before and after the change: {percent}% better",
    "Main lesson: start small, automate the boring parts first",
    "Live demo of {tool} with {tool2}; it worked on the first try",
    "Question from the room about {thing}; the answer was 'it depends', with numbers",
    "Slides and code are on the speaker's repository",
    "{number} clusters, {big_number} services and about {number2} engineers involved",
    "They replaced a home-grown script with {tool} and deleted {big_number} lines of code",
    "Ownership matters more than tooling: one team is accountable for {thing}",
    "Measure first: without a baseline you cannot say if {tool} helped",
    "The rollout took {number} months, one team at a time",
    "Good reminder that {thing} is a product, with users and a roadmap",
    "**Gotcha**: `{command}` behaves differently on older versions",
    "Cost went down by {percent}% after right-sizing requests",
    "The hardest part was people, not {tool}",
    "Documentation and runbooks were written before the migration, not after",
    "A [reference architecture](https://example.org/{slug}) was shared at the end",
    "Alerting on symptoms, not causes, cut pages by half",
)

NOTE_BULLETS_FR = (
    "{tool} gère bien {thing} une fois les valeurs par défaut ajustées",
    "L'équipe a mesuré {metric} avant et après : {percent} % de mieux",
    "Leçon principale : commencer petit, automatiser d'abord le plus pénible",
    "Démo live de {tool} avec {tool2}, qui a marché du premier coup",
    "Question de la salle sur {thing} ; réponse : « ça dépend », chiffres à l'appui",
    "Les slides et le code sont sur le dépôt du speaker",
    "{number} clusters, {big_number} services et environ {number2} personnes impliquées",
    "Un script maison remplacé par {tool}, et {big_number} lignes de code supprimées",
    "La responsabilité compte plus que l'outil : une équipe porte {thing}",
    "Mesurer d'abord : sans point de départ, impossible de dire si {tool} a aidé",
    "Le déploiement a pris {number} mois, une équipe après l'autre",
    "Bon rappel : {thing}, c'est un produit, avec des utilisateurs et une roadmap",
    "**Attention** : `{command}` ne se comporte pas pareil sur les anciennes versions",
    "Les coûts ont baissé de {percent} % après avoir ajusté les requests",
    "Le plus dur, c'était l'humain, pas {tool}",
    "Documentation et runbooks écrits avant la migration, pas après",
    "Une [architecture de référence](https://example.org/{slug}) partagée à la fin",
    "Alerter sur les symptômes plutôt que les causes a divisé les pages par deux",
)

SECTION_TITLES_EN = _items(
    """
    Context, Architecture, Migration, Results, Demo, Questions, Takeaways, Pitfalls,
    Tooling, Organisation, Numbers, What's next
    """
)

SECTION_TITLES_FR = _items(
    """
    Contexte, Architecture, Migration, Résultats, Démo, Questions, À retenir, Pièges,
    Outillage, Organisation, Chiffres, La suite
    """
)

METRICS_EN = ("p99 latency", "build time", "time to restore", "deployment frequency", "cost")
METRICS_FR = ("la latence p99", "le temps de build", "le temps de rétablissement", "le coût")

COMMANDS = _items(
    """
    kubectl apply, terraform plan, helm upgrade, flux reconcile, argocd app sync,
    docker build, git rebase, cargo build, go test
    """
)

REVIEW_SENTENCES_EN = (
    "Clear and to the point.",
    "Great speaker, the demo made the case better than any slide.",
    "A bit too much of a product pitch for my taste.",
    "Solid content, but it ran over time.",
    "I learned something I can use on Monday.",
    "Good overview for beginners; little new for practitioners.",
    "The questions at the end were the best part.",
    "Would recommend the recording to my team.",
    "Honest about failures, which is rare.",
    "Dense: I will need the slides to digest it.",
)

REVIEW_SENTENCES_FR = (
    "Clair et efficace.",
    "Très bon speaker, la démo valait tous les slides.",
    "Un peu trop commercial à mon goût.",
    "Contenu solide, mais ça a débordé.",
    "J'ai appris des choses applicables dès lundi.",
    "Bon tour d'horizon pour débuter, peu de nouveautés sinon.",
    "Les questions à la fin étaient le meilleur moment.",
    "Je recommande la vidéo à mon équipe.",
    "Honnête sur les échecs, c'est rare.",
    "Dense : il faudra revoir les slides à tête reposée.",
)

ABSTRACT_SENTENCES_EN = (
    "How {company} runs {thing} with {tool}, and what they would do differently.",
    "A tour of {tool} for people who already know {tool2}.",
    "Lessons from moving {thing} to {tool} across {number} teams.",
    "Why {thing} is harder than it looks, with a live demo.",
)

ABSTRACT_SENTENCES_FR = (
    "Comment {company} fait tourner {thing} avec {tool}, et ce qu'ils changeraient.",
    "Un tour de {tool} pour qui connaît déjà {tool2}.",
    "Retour sur la migration de {thing} vers {tool} dans {number} équipes.",
    "Pourquoi {thing} est plus difficile qu'il n'y paraît, démo à l'appui.",
)
