using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Help;

/// <summary>A handful of published FAQ entries in English and German for the Development demo, so the help pages are not empty.</summary>
public static class FaqDemoData
{
    private static readonly (string Language, string Topic, string Question, string Answer)[] Entries =
    [
        ("en", "Booking", "How do I book an appointment?",
            "Find a doctor under **Find a doctor**, choose a free time on their page and confirm it. You need an account with a verified e-mail address."),
        ("en", "Booking", "How do I cancel or move an appointment?",
            "Open **Appointments**, choose the visit and use *Reschedule* or *Cancel*. Up to 24 hours before the start you can do it yourself; after that, please call the clinic."),
        ("en", "Account", "I did not receive the confirmation e-mail.",
            "Check your spam folder first. Then sign in and ask for a new link from your account page.\n\n- Links are valid for 24 hours\n- Only the newest link works"),
        ("en", "Account", "How do I turn on two-factor authentication?",
            "Go to **Your account → Two-factor authentication** and scan the code with an authenticator app."),
        ("en", "Privacy", "Who can read my health record?",
            "You, and the doctors you have an appointment with. Administrators cannot read clinical notes; every access is recorded in your access log."),
        ("de", "Buchung", "Wie buche ich einen Termin?",
            "Suchen Sie unter **Arzt finden** eine Ärztin oder einen Arzt, wählen Sie eine freie Zeit auf der Profilseite und bestätigen Sie. Sie brauchen ein Konto mit bestätigter E-Mail-Adresse."),
        ("de", "Buchung", "Wie sage ich einen Termin ab oder verschiebe ihn?",
            "Öffnen Sie **Termine**, wählen Sie den Besuch und nutzen Sie *Verschieben* oder *Absagen*. Bis 24 Stunden vor Beginn geht das selbst; danach rufen Sie bitte die Praxis an."),
        ("de", "Konto", "Ich habe die Bestätigungs-E-Mail nicht erhalten.",
            "Sehen Sie zuerst im Spam-Ordner nach. Melden Sie sich dann an und fordern Sie auf Ihrer Kontoseite einen neuen Link an.\n\n- Links gelten 24 Stunden\n- Nur der neueste Link funktioniert"),
        ("de", "Datenschutz", "Wer kann meine Gesundheitsakte lesen?",
            "Sie selbst und die Ärztinnen und Ärzte, bei denen Sie einen Termin haben. Administratoren können keine klinischen Notizen lesen; jeder Zugriff steht in Ihrem Zugriffsprotokoll."),
    ];

    /// <summary>Adds the entries once: when any entry exists (the demo's or an administrator's), nothing is added.</summary>
    public static async Task<int> ApplyAsync(CareSlotDb db, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        if (await db.FaqEntries.AnyAsync(ct)) return 0;
        var markdown = new FaqMarkdown();
        var now = clock.GetCurrentInstant();
        var order = 0;
        foreach (var (language, topic, question, answer) in Entries)
        {
            order += 10;
            db.FaqEntries.Add(new FaqEntry(new FaqContent(language, topic, question, answer, markdown.ToSafeHtml(answer), order, IsPublished: true), now));
        }
        await db.SaveChangesAsync(ct);
        return Entries.Length;
    }
}
