using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using CareSlot.Web.Platform.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CareSlot.Web.Features.Surveys;

/// <summary>
/// Makes one invitation and its e-mail, added to the context for the caller's save: a fresh 256-bit token, URL-safe, of which
/// only the SHA-256 is stored; the link (from the configured public origin) is in the protected e-mail only.
/// </summary>
/// <remarks>It holds no context (callers pass theirs): <see cref="SurveysAfterVisits"/>, an interceptor the context is built with, uses it.</remarks>
public sealed class SurveyInvitations(IDataProtectionProvider protection, IOptions<SurveyOptions> options, IOptions<SiteOptions> site)
{
    public SurveyOptions Options => options.Value;

    /// <summary>Adds the invitation and its e-mail; returns the token (for the caller's tests only, never stored or logged).</summary>
    public (SurveyInvitation Invitation, string Token) Add(CareSlotDb db, Survey survey, Guid accountId, Guid? appointmentId, SurveyRecipient to, Instant now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(to);
        var token = NewToken();
        var expires = now + Options.InvitationLifetime;
        var invitation = new SurveyInvitation(Guid.CreateVersion7(), survey.Id, accountId, appointmentId, Hash(token), now, expires);
        db.SurveyInvitations.Add(invitation);
        var culture = ClinicTime.DateCulture(to.Language);
        var until = expires.InZone(Options.Zone).Date.ToString("d MMMM yyyy", culture);
        db.OutboxMessages.Add(SurveyNotices.Create(protection, to, invitation.Id, survey.Title, until, site.Value.Link($"/surveys/{token}"), now));
        return (invitation, token);
    }

    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A token as links carry it (43 URL-safe characters); anything else is no token of ours and is never hashed or looked up.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    internal static string Day(Instant instant, DateTimeZone zone) => ClinicTime.Day(instant.InZone(zone).Date);

    internal static string Iso(Instant instant) => instant.ToString("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
}
