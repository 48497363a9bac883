namespace CareSlot.Bench.Generate;

/// <param name="DialPrefix">Country code and area code of the clinics' E.164 numbers.</param>
/// <param name="SubscriberDigits">Digits after the area code, so every number has a valid length.</param>
public sealed record City(string Name, string CountryCode, string TimeZoneId, string DialPrefix, int SubscriberDigits,
    Func<int, string> Postcode, double Latitude, double Longitude, string[] Languages);

public static class ReferenceData
{
    private static readonly string[] GbLetters = ["AA", "AB", "BD", "DE", "EF", "HJ", "LN", "PQ", "RT", "WX"];

    /// <summary>Three zones, with accented city names so that folding ("munchen", "koln") is exercised.</summary>
    public static readonly City[] Cities =
    [
        new("Berlin", "DE", "Europe/Berlin", "+4930", 8, i => (10115 + i * 7 % 4000).ToString("D5", Invariant), 52.52, 13.405, ["de", "en"]),
        new("München", "DE", "Europe/Berlin", "+4989", 8, i => (80331 + i * 7 % 1500).ToString("D5", Invariant), 48.137, 11.575, ["de", "en"]),
        new("Hamburg", "DE", "Europe/Berlin", "+4940", 8, i => (20095 + i * 7 % 2500).ToString("D5", Invariant), 53.551, 9.993, ["de", "en"]),
        new("Köln", "DE", "Europe/Berlin", "+49221", 7, i => (50667 + i * 7 % 1400).ToString("D5", Invariant), 50.937, 6.96, ["de", "en", "tr"]),
        new("Frankfurt am Main", "DE", "Europe/Berlin", "+4969", 8, i => (60311 + i * 7 % 300).ToString("D5", Invariant), 50.11, 8.682, ["de", "en"]),
        new("London", "GB", "Europe/London", "+4420", 8, i => $"EC{1 + i % 4}A {i % 10}{GbLetters[i / 10 % 10]}", 51.507, -0.128, ["en"]),
        new("Manchester", "GB", "Europe/London", "+44161", 7, i => $"M{1 + i % 40} {i % 10}{GbLetters[i / 10 % 10]}", 53.48, -2.242, ["en"]),
        new("Birmingham", "GB", "Europe/London", "+44121", 7, i => $"B{1 + i % 40} {i % 10}{GbLetters[i / 10 % 10]}", 52.486, -1.89, ["en"]),
        new("Leeds", "GB", "Europe/London", "+44113", 7, i => $"LS{1 + i % 29} {i % 10}{GbLetters[i / 10 % 10]}", 53.801, -1.549, ["en"]),
        new("New York", "US", "America/New_York", "+1212", 7, i => (10001 + i * 3 % 280).ToString("D5", Invariant), 40.713, -74.006, ["en", "es"]),
        new("Boston", "US", "America/New_York", "+1617", 7, i => (2108 + i * 3 % 100).ToString("D5", Invariant), 42.36, -71.059, ["en"]),
        new("Philadelphia", "US", "America/New_York", "+1215", 7, i => (19102 + i * 3 % 50).ToString("D5", Invariant), 39.953, -75.165, ["en", "es"]),
    ];

    public static readonly (string Slug, string Name)[] Specialties =
    [
        ("general-practice", "General practice"),
        ("cardiology", "Cardiology"),
        ("dermatology", "Dermatology"),
        ("paediatrics", "Paediatrics"),
        ("gynaecology", "Gynaecology"),
        ("orthopaedics", "Orthopaedics"),
        ("neurology", "Neurology"),
        ("psychiatry", "Psychiatry"),
        ("ophthalmology", "Ophthalmology"),
        ("ent", "Ear, nose and throat"),
    ];

    public static readonly string[] ClinicKinds = ["Medical Centre", "Health Clinic", "Practice", "Polyclinic", "Family Health"];
    public static readonly string[] Districts = ["Central", "North", "South", "East", "West", "Riverside", "Park", "Old Town", "Harbour", "Hillside"];
    public static readonly string[] Streets = ["Main Street", "Station Road", "Church Lane", "Market Square", "Park Avenue", "Hauptstraße", "Bahnhofstraße", "High Street"];

    public static readonly string[] GivenNames =
    [
        "Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannah", "Ivan", "Jürgen", "Katharina", "Lena", "Lukas", "Maria",
        "Noah", "Olivia", "Paul", "Renée", "Sofia", "Tom", "Zoë", "José", "Aisha", "Chen", "Emma", "James", "Liam", "Amelia", "Oliver",
        "Isla", "Mateo", "Lucía", "Ethan", "Mia", "Sebastian", "Chloe", "Yusuf", "Priya", "Mohammed", "Fatima",
    ];

    public static readonly string[] FamilyNames =
    [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch",
        "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Smith", "Jones", "Taylor", "Brown",
        "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
        "Hall", "Wood", "Jackson", "Clarke", "García", "Martínez", "Rodríguez", "López", "González", "Nguyen", "Kim", "Patel",
        "O'Brien", "Murphy", "Kowalski", "Nowak", "Yılmaz", "Demir", "Rossi", "Russo", "Ferrari", "Dubois", "Lefèvre", "Novák",
    ];

    public static readonly string[] Reasons =
    [
        "Check-up", "Follow-up on test results", "Persistent cough", "Back pain", "Skin rash", "Headaches", "Prescription renewal",
        "Vaccination", "Knee pain after running", "Sleep problems", "",
    ];

    private static readonly IFormatProvider Invariant = System.Globalization.CultureInfo.InvariantCulture;
}
