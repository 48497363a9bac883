namespace CareSlot.Bench.Chart;

/// <summary>
/// Made-up clinical wording for the chart's history entries: each visit-note field joins two sentences, so a note is
/// a few hundred characters a field, as a real one is, and the page opens and renders text of a real size.
/// </summary>
internal static class ChartTexts
{
    public static readonly string[] SummaryOpenings =
    [
        "Patient presents with a three-week history of intermittent dry cough, worse at night and after climbing stairs, without fever or weight loss.",
        "Routine review of blood pressure and medication; the patient reports good adherence and occasional morning headaches that settle within an hour.",
        "Attends with lower back pain radiating to the left buttock since lifting furniture ten days ago; no bladder or bowel symptoms, no numbness in the saddle area.",
        "Follow-up after the last blood tests: fasting glucose and HbA1c were slightly raised, and the patient wishes to discuss diet and activity before any medication.",
        "Patient reports poor sleep for two months, waking at 4 a.m. and unable to return to sleep, with low mood in the mornings and reduced interest in hobbies.",
        "Presents with an itchy, red rash on both forearms that began after starting a new washing powder; no new medication, no swelling of lips or tongue.",
        "Annual review of asthma: uses the reliever inhaler about twice a week, more often during pollen season, with no night waking and no hospital visits this year.",
        "Comes in for knee pain on the right after running, mainly on stairs and when kneeling, with mild swelling in the evenings and no locking or giving way.",
    ];

    public static readonly string[] SummaryDetails =
    [
        "Non-smoker, drinks about four units of alcohol a week, works at a desk and cycles to work in summer.",
        "Lives with partner and two children; mother had type 2 diabetes and father a heart attack at 62.",
        "Has tried over-the-counter paracetamol and ibuprofen with partial relief, taken for no longer than five days at a time.",
        "Patient would prefer to avoid long-term medication if lifestyle changes can achieve the same result, and asked for written information.",
        "Symptoms have not kept the patient off work, but they are worried because a colleague recently had similar complaints.",
    ];

    public static readonly string[] Findings =
    [
        "BP 142/88 mmHg seated after five minutes' rest, repeat 138/86. Pulse 72 regular. Heart sounds normal, no murmurs. Chest clear on auscultation, no peripheral oedema.",
        "Temperature 36.8 °C, SpO2 98% on air, respiratory rate 14. Scattered expiratory wheeze over both lower zones, no crackles. Peak flow 410 l/min (predicted 480).",
        "Tenderness over the left paravertebral muscles at L4–L5, straight-leg raise negative to 80° on both sides, reflexes and power normal in both legs, sensation intact.",
        "Erythematous papular rash on the flexor surfaces of both forearms with excoriation, sharply bordered at the cuffs; no blistering, no mucosal involvement, no lymphadenopathy.",
        "Right knee: small effusion, tenderness along the medial joint line, full range of movement with pain at end flexion, ligaments stable, McMurray test equivocal.",
        "Weight 86 kg, height 178 cm, BMI 27.1. Waist 98 cm. Foot examination normal with intact monofilament sensation, pedal pulses present on both sides.",
        "PHQ-9 score 12, GAD-7 score 8. Patient is alert and oriented, speech normal, no thoughts of self-harm, good insight, and supportive family at home.",
    ];

    public static readonly (string Diagnosis, string Code)[] Diagnoses =
    [
        ("Essential (primary) hypertension, stage 1, not yet at target on current treatment.", "I10"),
        ("Mild persistent asthma, partly controlled, with seasonal worsening during the pollen season.", "J45.30"),
        ("Acute low back pain with sciatica on the left, without red flags.", "M54.42"),
        ("Prediabetes: impaired fasting glucose with raised HbA1c.", "R73.03"),
        ("Allergic contact dermatitis due to detergents.", "L23.8"),
        ("Patellofemoral pain syndrome of the right knee, possible medial meniscus irritation.", "M22.2"),
        ("Moderate depressive episode with sleep disturbance.", "F32.1"),
        ("Acute bronchitis, likely viral.", "J20.9"),
    ];

    public static readonly string[] Prescriptions =
    [
        "Ramipril 5 mg once daily in the morning, 30 tablets, one repeat. Continue amlodipine 5 mg once daily. Home blood pressure diary for two weeks.",
        "Budesonide/formoterol 160/4.5 µg, one inhalation twice daily and as needed; inhaler technique checked and a written asthma action plan given.",
        "Ibuprofen 400 mg three times daily with food for up to seven days, omeprazole 20 mg once daily while taking it. No opioids.",
        "Hydrocortisone 1% cream twice daily for seven days to the affected skin, emollient as a soap substitute; change back to the previous washing powder.",
        "Sertraline 50 mg once daily, 28 tablets; side effects, the delay of two to four weeks before any benefit, and what to do if mood worsens were discussed.",
        "No medication started. Referral to the structured diabetes prevention programme, and a dietitian appointment requested.",
    ];

    public static readonly string[] FollowUps =
    [
        "Review in four weeks with the blood pressure diary; sooner if headaches worsen or chest pain, breathlessness or visual disturbance occur.",
        "Repeat HbA1c and lipid profile in three months. Practice nurse appointment for weight and lifestyle review in six weeks.",
        "Physiotherapy referral sent. Return if the pain is not improving in three weeks, or at once with leg weakness, numbness or bladder problems.",
        "Telephone review in two weeks to see how the new medication is tolerated; crisis line numbers given and the patient knows how to reach them.",
        "Spirometry booked for next month. Return sooner if the reliever is needed more than three times a week or there is night waking.",
        "No routine follow-up needed; return if the rash spreads, blisters or has not cleared after two weeks of treatment.",
    ];

    public static readonly (string Title, string Details)[] Allergies =
    [
        ("Penicillin", "Generalised urticaria and facial swelling within an hour of amoxicillin in 2014, treated in the emergency department. Avoid all penicillins; cephalosporins tolerated since."),
        ("Peanuts", "Tingling of the lips and throat tightness after eating satay sauce. Carries two adrenaline auto-injectors; annual check of expiry dates and technique."),
        ("Latex", "Contact urticaria on the hands after wearing latex gloves at work. Use nitrile gloves for examinations and procedures."),
        ("Ibuprofen", "Wheeze and chest tightness about thirty minutes after taking ibuprofen 400 mg. Avoid NSAIDs; paracetamol is tolerated."),
        ("House dust mite", "Perennial rhinitis and itchy eyes, confirmed by skin-prick test. Uses mite-proof bedding covers and a nasal steroid spray in winter."),
        ("Sulfonamides", "Widespread maculopapular rash on day eight of co-trimoxazole for a urinary infection. No mucosal involvement. Avoid sulfonamide antibiotics."),
        ("Bee venom", "Large local reactions and once dizziness after a bee sting while gardening. Referred to the allergy clinic to discuss immunotherapy."),
        ("Codeine", "Severe nausea and vomiting after a single dose of co-codamol; not a true allergy, recorded as intolerance at the patient's request."),
    ];

    public static readonly (string Title, string Details)[] Conditions =
    [
        ("Essential hypertension", "Diagnosed after ambulatory monitoring showed a daytime average of 146/92 mmHg. Treated with ramipril and amlodipine; target below 135/85 at home."),
        ("Asthma", "Diagnosed in childhood, reversibility shown on spirometry. Triggers are pollen, cold air and cats. Preventer and reliever inhalers, yearly review."),
        ("Hypothyroidism", "TSH 9.8 mU/l with low free T4 at diagnosis. Levothyroxine 75 µg daily; TSH checked every twelve months once stable."),
        ("Type 2 diabetes mellitus", "HbA1c 54 mmol/mol at diagnosis. Metformin 500 mg twice daily, annual foot and eye screening, kidney function checked every six months."),
        ("Migraine without aura", "Two to three attacks a month, lasting up to a day, with nausea and light sensitivity. Triptan for attacks; headache diary kept."),
        ("Osteoarthritis of the right knee", "Moderate joint-space narrowing on X-ray. Managed with exercise, weight loss and paracetamol as needed; injection discussed."),
        ("Gastro-oesophageal reflux disease", "Heartburn after meals and when lying down, better on omeprazole. Endoscopy in 2021 showed mild oesophagitis only."),
        ("Iron-deficiency anaemia", "Haemoglobin 104 g/l with low ferritin, due to heavy periods. Oral iron for three months; levels to be rechecked after treatment."),
    ];

    public static readonly (string Title, string Details)[] PatientReported =
    [
        ("Home blood pressure readings", "Morning readings over the last week between 128/82 and 136/86, evenings slightly lower. Measured seated, left arm, after five minutes' rest."),
        ("Started running again", "Running three times a week, about five kilometres each time. Some stiffness in the right knee the day after, which goes away by the afternoon."),
        ("Vitamin D supplement", "Taking vitamin D 1,000 IU a day from October to March, bought at the pharmacy, on the advice of a friend."),
        ("Hay fever this spring", "Sneezing and itchy eyes from April to June, worse on dry windy days. Antihistamine tablets from the pharmacy help well."),
        ("Sleep diary", "Going to bed at 23:00, falling asleep after about forty minutes, waking twice a night. Less coffee after lunch has helped a little."),
        ("Family history update", "My brother was diagnosed with type 2 diabetes at 48 this year, and my mother has been treated for high blood pressure for ten years."),
    ];

    public static readonly string[] AmendmentReasons =
    [
        "Corrected the dose after checking the pharmacy's dispensing record.",
        "Added the results of the blood tests that arrived after the visit.",
        "Typo in the diagnosis code corrected.",
        "Patient pointed out that the reaction happened in 2014, not 2016.",
        "Clarified the follow-up plan after discussing it with the practice nurse.",
    ];
}
