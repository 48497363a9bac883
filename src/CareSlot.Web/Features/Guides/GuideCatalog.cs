namespace CareSlot.Web.Features.Guides;

/// <summary>Who a guide is written for; the index groups the guides by it.</summary>
public enum GuideAudience
{
    Patients,
    Doctors,
}

/// <summary>
/// One step-by-step guide. Title, summary and steps are the English texts, which are also the keys of GuidesText.resx, so
/// the page shows them in its language. Step n (from 1) has the screenshot {slug}/{n}.png; the guide has one video, {slug}.webm,
/// and its captions {slug}.{lang}.vtt — all recorded by the browser tests (GuideRecordingTests), which walk these very steps.
/// </summary>
public sealed record Guide(string Slug, GuideAudience Audience, string Title, string Summary, IReadOnlyList<string> Steps);

/// <summary>
/// Every guide, in the order the index lists them. The steps are kept in code, not in the database: each one must match a
/// journey the browser tests walk and photograph, so a guide changes together with its recording, in one commit.
/// </summary>
public static class GuideCatalog
{
    public static IReadOnlyList<Guide> All { get; } =
    [
        new("register", GuideAudience.Patients, "Create your account", "Register with your e-mail address and mobile number.",
        [
            "Select Register at the top of any page.",
            "Fill in your name, date of birth, e-mail address, mobile number and a password, and accept the terms of use.",
            "Select Create account. Enter the code we send to your phone, or open the link in our e-mail, to verify your account.",
        ]),
        new("find-a-doctor", GuideAudience.Patients, "Find a doctor", "Search the directory by specialty, place or name.",
        [
            "On the home page, choose a specialty and type a city or postcode.",
            "Select Search. Each doctor found shows their next free time.",
            "Open a doctor's name to see their profile and a week of free times.",
        ]),
        new("book", GuideAudience.Patients, "Book an appointment", "Choose a free time and confirm it with the reason for your visit.",
        [
            "Sign in, open the doctor's profile and choose a free time. It is held for you for a few minutes.",
            "Write the reason for your visit and select Confirm booking.",
            "Your appointment is booked: the page shows when and where, and we send you a confirmation.",
        ]),
        new("reschedule", GuideAudience.Patients, "Move an appointment", "Choose another time, up to 24 hours before the visit.",
        [
            "Select Appointments at the top of the page and open the visit you want to move.",
            "On the appointment's page, select Move to another time.",
            "Choose a new time from the doctor's free times.",
            "The appointment is moved. The doctor is told, and so are you by e-mail.",
        ]),
        new("cancel", GuideAudience.Patients, "Cancel an appointment", "Cancel online up to 24 hours before the visit.",
        [
            "Select Appointments at the top of the page and open the visit you want to cancel.",
            "If you like, write why you cancel, then select Cancel appointment.",
            "The appointment is cancelled and the time is free for others.",
        ]),
        new("history", GuideAudience.Patients, "Read your health record", "Your visit notes, allergies and conditions in one place.",
        [
            "Select Health record at the top of the page: your visit notes and history, newest first.",
            "Open an entry to read it in full.",
        ]),
        new("message-a-doctor", GuideAudience.Patients, "Write to your doctor", "Send a message to a doctor you have a visit with.",
        [
            "Select Messages at the top of the page, then New conversation.",
            "Choose your doctor, write a subject and your message, and send it.",
            "The conversation opens. Your doctor's answer appears here, and we tell you by e-mail when it arrives.",
        ]),
        new("working-hours", GuideAudience.Doctors, "Set your working hours", "Your weekly hours at each clinic, which patients book.",
        [
            "Sign in with your authenticator code, open Your account, then Your schedule.",
            "Change the start and end of a day's working hours.",
            "Select Save hours at your clinic. Patients see the new free times at once.",
        ]),
        new("time-off", GuideAudience.Doctors, "Take time off", "Mark days off and move or cancel the visits booked on them.",
        [
            "On Your schedule, open the link for an absence with patients booked.",
            "Enter the first and last day, a reason, confirm, and select Mark the days off.",
            "Nobody can book those days any more. Move or cancel each visit listed, in one go.",
        ]),
        new("visit-note", GuideAudience.Doctors, "Complete a visit with a note", "Write the visit's note; saving it completes the visit.",
        [
            "Select Visits at the top of the page and choose Write the note beside the visit.",
            "Fill in the note. Keep Mark the visit as completed ticked.",
            "Select Save the note. The note is in the patient's record and the visit is completed.",
        ]),
    ];

    /// <summary>The guide with this slug, or none: only these slugs name pages and media.</summary>
    public static Guide? Find(string? slug) => All.FirstOrDefault(g => string.Equals(g.Slug, slug, StringComparison.Ordinal));
}
