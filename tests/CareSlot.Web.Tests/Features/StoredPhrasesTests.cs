using System.Globalization;
using System.Resources;
using CareSlot.Web.Features;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Notifications.Messages;
using CareSlot.Web.Features.Privacy;
using CareSlot.Web.Tests.Features.Notifications.Messages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Tests.Features;

/// <summary>What the app itself writes into a person's place (an erased account's name, a system reason) reads in the reader's language.</summary>
public sealed class StoredPhrasesTests
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>Every phrase the app stores; StoredPhrases.resx holds exactly these.</summary>
    private static readonly string[] StoredByTheApp =
    [
        CompleteErasure.FormerPatient,
        CompleteErasure.RemovedMessage,
        CompleteErasure.ClosedAccountReason,
        CompleteErasure.ErasedReason,
        Appointment.AutoConfirmedReason,
        Appointment.NoShowClearedReason,
    ];

    public static TheoryData<string> Stored => [.. StoredByTheApp];

    /// <summary>The app's own StoredPhrases over its embedded .resx files, as the site resolves it.</summary>
    public static StoredPhrases Phrases() =>
        new(new StringLocalizer<StoredPhrases>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));

    [Theory]
    [MemberData(nameof(Stored))]
    public void EveryStoredPhrase_ReadsInGerman_AndAsStoredInEnglish(string stored)
    {
        var german = Phrases().ShownIn(German, stored);

        Assert.NotEqual(stored, german);
        Assert.False(string.IsNullOrWhiteSpace(german));
        Assert.Equal(stored, Phrases().ShownIn(English, stored));
    }

    [Fact]
    public void TheResourceFile_HoldsTheStoredPhrasesAndNothingElse()
    {
        var resources = new ResourceManager(typeof(StoredPhrases)).GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var keys = resources.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal);

        Assert.Equal(StoredByTheApp.Order(StringComparer.Ordinal), keys);
    }

    [Theory]
    [InlineData("Ada Lovelace")]
    [InlineData("former patient")]
    [InlineData("Please call me back. Former patient")]
    [InlineData("")]
    [InlineData(null)]
    public void WhatAPersonWrote_IsShownAsItIs(string? written) =>
        Assert.Equal(written, Phrases().ShownIn(German, written));

    /// <summary>The localizer logs each name it searches for (at Debug): a person's words must never be one.</summary>
    [Fact]
    public void WhatAPersonWrote_NeverReachesTheLocalizer()
    {
        var localizer = new NamesAsked();
        var phrases = new StoredPhrases(localizer);

        Assert.Equal("My chest hurts at night", phrases.Shown("My chest hurts at night"));
        Assert.Equal("Ada Lovelace", phrases.Shown("Ada Lovelace"));
        Assert.Equal(CompleteErasure.FormerPatient.ToUpperInvariant(), phrases.Shown(CompleteErasure.FormerPatient));

        Assert.Equal([CompleteErasure.FormerPatient], localizer.Asked);
    }

    private sealed class NamesAsked : IStringLocalizer<StoredPhrases>
    {
        public List<string> Asked { get; } = [];

        public LocalizedString this[string name]
        {
            get
            {
                Asked.Add(name);
                return new LocalizedString(name, name.ToUpperInvariant());
            }
        }

        public LocalizedString this[string name, params object[] arguments] => this[name];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    [Fact]
    public void TheDoctorsMessage_NamesAnErasedPatientInTheDoctorsLanguage()
    {
        var facts = SampleAppointment.Facts(NotificationTemplate.DoctorCancelled) with { PatientName = CompleteErasure.FormerPatient };
        var doctor = SampleAppointment.Doctor with { Culture = "de" };

        var email = SampleAppointment.Renderer().RenderEmail(NotificationTemplate.DoctorCancelled, facts, doctor, "x@careslot.local");
        var sms = SampleAppointment.Renderer().RenderSms(NotificationTemplate.DoctorCancelled, facts, doctor with { Address = "+4915112345678" });

        Assert.Contains("Ehemaliges Patientenkonto", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(CompleteErasure.FormerPatient, email.TextBody + email.HtmlBody + sms.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePatientsCancellation_GivesTheAppsReasonInTheirLanguage()
    {
        var facts = SampleAppointment.Facts(NotificationTemplate.PatientCancelled) with { ChangedBy = CareSlot.Scheduling.Actor.Admin, ChangeReason = CompleteErasure.ClosedAccountReason };

        var email = SampleAppointment.Renderer().RenderEmail(NotificationTemplate.PatientCancelled, facts, SampleAppointment.Patient("de"), "x@careslot.local");

        Assert.Contains(Phrases().ShownIn(German, CompleteErasure.ClosedAccountReason), email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(CompleteErasure.ClosedAccountReason, email.TextBody, StringComparison.Ordinal);
    }
}
