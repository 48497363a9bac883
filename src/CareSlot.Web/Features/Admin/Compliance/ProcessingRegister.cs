using System.Net;
using CareSlot.Web.Features.HelpDesk;
using CareSlot.Web.Features.Notifications.Delivery;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security;
using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CareSlot.Web.Features.Admin.Compliance;

/// <summary>The kinds of outside service the app hands personal data to; each activity names the ones it uses.</summary>
public enum SubProcessorKind
{
    Email,
    Sms,
    SupportMailbox,
    Database,
    Configured,
}

/// <summary>
/// A sub-processor as the list shows it. <see cref="Service"/> and <see cref="DataShared"/> are English keys of the
/// admin texts for the ones found in settings, and the operator's own words for configured ones (<see cref="Localized"/>).
/// </summary>
public sealed record SubProcessor(SubProcessorKind Kind, string Name, string Service, string Location, string DataShared,
    string Safeguards, string? Transport, string Setting, bool Localized);

/// <summary>A transport the app could use but is not configured to: nothing leaves the server for it.</summary>
public sealed record UnusedTransport(SubProcessorKind Kind, string Setting);

/// <summary>
/// One processing activity of the record (GDPR Art. 30(1)(b)–(g)). The texts are English keys of the admin texts;
/// <see cref="Recipients"/> are filled with the configured sub-processors of those kinds.
/// </summary>
public sealed record ProcessingActivity(string Name, string Purpose, string LegalBasis, string DataSubjects, string DataCategories,
    string Internal, IReadOnlyList<SubProcessorKind> SubProcessorKinds, string Retention);

public sealed record ProcessingRecord(PartyOptions Controller, PartyOptions ProtectionOfficer, string SupervisoryAuthority,
    IReadOnlyList<ProcessingActivity> Activities, IReadOnlyList<SubProcessor> SubProcessors, IReadOnlyList<UnusedTransport> Unused,
    string CurrentKeyId, int KeyCount)
{
    public IEnumerable<SubProcessor> Of(ProcessingActivity activity) =>
        SubProcessors.Where(s => activity.SubProcessorKinds.Contains(s.Kind));
}

/// <summary>
/// The record of processing activities and the sub-processor list, drawn from what this installation is configured to do,
/// so the pages an auditor reads cannot drift from the settings that decide where data goes.
/// </summary>
public sealed class ProcessingRegister(IConfiguration configuration, IOptions<ComplianceOptions> options, PhiKeyRing keys)
{
    /// <summary>What CareSlot does with personal data, one row per purpose. New features add their row here.</summary>
    public static readonly IReadOnlyList<ProcessingActivity> Activities =
    [
        new("Accounts and sign-in",
            "Let patients, doctors and staff register, prove who they are and sign in safely.",
            "Contract (Art. 6(1)(b)); security of processing (Art. 32).",
            "Patients, doctors, staff.",
            "Name, e-mail address, mobile number, date of birth, password hash, two-factor secrets, sign-in times and addresses.",
            "Administrators manage accounts; support looks accounts up (audited).",
            [SubProcessorKind.Email, SubProcessorKind.Sms, SubProcessorKind.Database],
            "Until the account is erased; accounts never verified are removed after their retention period."),
        new("Booking appointments",
            "Find doctors, book, move and cancel appointments.",
            "Contract (Art. 6(1)(b)); health care (Art. 9(2)(h)) for the reason for a visit.",
            "Patients, doctors.",
            "Appointment times, doctor, clinic and status; the reason for the visit (encrypted).",
            "The patient's doctor; administrators and support see times and statuses, never the reason.",
            [SubProcessorKind.Database],
            "With the medical record: the statutory period after the last visit."),
        new("Confirmations and reminders",
            "Tell patients and doctors about bookings, changes and upcoming visits by e-mail and SMS.",
            "Contract (Art. 6(1)(b)); SMS reminders only with consent (Art. 6(1)(a)), withdrawn at any time.",
            "Patients, doctors.",
            "E-mail address, mobile number, appointment time, doctor and clinic; never the reason for a visit or clinical content.",
            "Administrators see the delivery log without message content.",
            [SubProcessorKind.Email, SubProcessorKind.Sms, SubProcessorKind.Database],
            "The delivery log's retention period."),
        new("Medical history and visit notes",
            "Keep the patient's medical history and the doctor's visit notes for their care.",
            "Health care (Art. 9(2)(h)); statutory record keeping (Art. 6(1)(c)).",
            "Patients.",
            "Visit notes, findings, diagnoses, prescriptions, allergies, conditions and the patient's own entries, every version (all encrypted).",
            "The patient; doctors in a care relationship with two-factor sign-in; administrators only by audited break-glass.",
            [SubProcessorKind.Database],
            "The statutory period after the last visit (restricted, not erased, when the patient asks for erasure)."),
        new("Messages between patients and doctors",
            "Let a patient and their doctor write to each other, with files.",
            "Health care (Art. 9(2)(h)).",
            "Patients, doctors.",
            "Messages and attached files (encrypted); the notice of a new message carries no content.",
            "The two people in the conversation.",
            [SubProcessorKind.Email, SubProcessorKind.Sms, SubProcessorKind.Database],
            "With the medical record: the statutory period after the last visit."),
        new("Help desk and live chat",
            "Answer questions, fix problems and resolve disputes about appointments.",
            "Contract (Art. 6(1)(b)); legitimate interest in answering (Art. 6(1)(f)).",
            "Patients, doctors, anyone who writes to support.",
            "Name, e-mail address, what people write and the files they send (encrypted); chat transcripts.",
            "Support agents and administrators; agents' reads of files and transcripts are audited.",
            [SubProcessorKind.Email, SubProcessorKind.SupportMailbox, SubProcessorKind.Database],
            "Chat transcripts and closed requests: their retention periods."),
        new("Reviews and surveys",
            "Learn how visits went and publish approved reviews of doctors.",
            "Consent (Art. 6(1)(a)) for surveys, objection at any time (Art. 21); legitimate interest for reviews (Art. 6(1)(f)).",
            "Patients, doctors.",
            "Ratings, review texts, survey answers (free text encrypted).",
            "Administrators; the reviewed doctor; approved reviews are public without the patient's contact details.",
            [SubProcessorKind.Email, SubProcessorKind.Database],
            "Until the person's erasure; survey answers are then unlinked from them."),
        new("Security and audit trail",
            "Keep the service secure and show who read or changed health information, and when.",
            "Legal obligation (Art. 6(1)(c), Art. 32; HIPAA §164.312(b)); legitimate interest in security (Art. 6(1)(f)).",
            "Everyone who uses CareSlot.",
            "Who did what to which record, when, from which address, with which result; never clinical content.",
            "Administrators; each patient sees who opened their record.",
            [SubProcessorKind.Database],
            "The audit trail's retention period."),
    ];

    public ProcessingRecord Build()
    {
        var settings = options.Value;
        var found = new List<SubProcessor>();
        var unused = new List<UnusedTransport>();

        var smtpHost = configuration[$"{SmtpOptions.Section}:Host"];
        if (string.IsNullOrWhiteSpace(smtpHost)) unused.Add(new(SubProcessorKind.Email, SmtpOptions.Section));
        else
        {
            var security = configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>()?.Security ?? SmtpSecurity.StartTls;
            found.Add(new(SubProcessorKind.Email, smtpHost, "E-mail delivery (SMTP relay)", "",
                "E-mail address and name; appointment times, doctor and clinic; never the reason for a visit or clinical content.",
                "", security.ToString(), SmtpOptions.Section, Localized: true));
        }

        var smsUrl = configuration[$"{SmsGatewayOptions.Section}:BaseUrl"];
        if (string.IsNullOrWhiteSpace(smsUrl)) unused.Add(new(SubProcessorKind.Sms, SmsGatewayOptions.Section));
        else
        {
            var url = Uri.TryCreate(smsUrl, UriKind.Absolute, out var parsed) ? parsed : null;
            found.Add(new(SubProcessorKind.Sms, url?.Host ?? smsUrl, "Text message delivery (SMS gateway)", "",
                "Mobile number; verification codes; appointment times and clinic; never the reason for a visit or clinical content.",
                "", url?.Scheme.ToUpperInvariant(), SmsGatewayOptions.Section, Localized: true));
        }

        var mailboxSection = $"{HelpDeskOptions.Section}:{nameof(HelpDeskOptions.Mailbox)}";
        var mailboxHost = configuration[$"{mailboxSection}:Host"];
        if (string.IsNullOrWhiteSpace(mailboxHost)) unused.Add(new(SubProcessorKind.SupportMailbox, mailboxSection));
        else
        {
            var security = configuration.GetSection(mailboxSection).Get<SupportMailboxOptions>()?.Security ?? MailKit.Security.SecureSocketOptions.SslOnConnect;
            found.Add(new(SubProcessorKind.SupportMailbox, mailboxHost, "Support mailbox (IMAP)", "",
                "E-mails people send to the support address, with their files.", "", security.ToString(), mailboxSection, Localized: true));
        }

        if (ExternalDatabase() is { } database) found.Add(database);

        found.AddRange(settings.SubProcessors.Where(s => !string.IsNullOrWhiteSpace(s.Name)).Select(s => new SubProcessor(
            SubProcessorKind.Configured, s.Name, s.Service, s.Location, s.DataShared, s.Safeguards, null,
            $"{ComplianceOptions.Section}:{nameof(ComplianceOptions.SubProcessors)}", Localized: false)));

        return new ProcessingRecord(settings.Controller, settings.ProtectionOfficer, settings.SupervisoryAuthority, Activities, found,
            unused, keys.Current.Id, keys.All.Count);
    }

    /// <summary>A PostgreSQL server on another machine is someone's disk holding everything (sealed fields stay sealed there).</summary>
    private SubProcessor? ExternalDatabase()
    {
        if (configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider != DatabaseProvider.Postgres) return null;
        NpgsqlConnectionStringBuilder connection;
        try
        {
            connection = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Postgres"));
        }
        catch (ArgumentException)
        {
            return null;
        }
        var hosts = (connection.Host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => h.Split(':')[0]).Where(h => !IsThisMachine(h)).ToList();
        if (hosts.Count == 0) return null;
        return new SubProcessor(SubProcessorKind.Database, string.Join(", ", hosts), "Database hosting (PostgreSQL)", "",
            "Everything CareSlot stores; health information, messages and files only as ciphertext, without the keys.", "",
            connection.SslMode.ToString(), "ConnectionStrings:Postgres", Localized: true);
    }

    private static bool IsThisMachine(string host) =>
        host.Length == 0 || host.StartsWith('/') || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
