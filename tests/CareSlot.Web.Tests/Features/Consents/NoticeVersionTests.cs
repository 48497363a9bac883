using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Consents;

namespace CareSlot.Web.Tests.Features.Consents;

/// <summary>Notice versions are compared as text, so only dates are accepted as versions: their text sorts as they fall.</summary>
public sealed class NoticeVersionTests
{
    [Theory]
    [InlineData("2026-12", true)]
    [InlineData("2027-01-15", true)]
    [InlineData("9", false)]
    [InlineData("v2", false)]
    [InlineData("2026-1", false)]
    public void TermsVersion_IsADate_OrTheAppRefusesToStart(string version, bool valid)
    {
        var options = new AccountOptions { TermsVersion = version };
        var errors = new List<ValidationResult>();

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        if (!valid) Assert.Contains("yyyy-MM", Assert.Single(errors).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11", "2026-12", true)]
    [InlineData("2026-12", "2027-01", true)]
    [InlineData("2026-12", "2026-12-15", true)]
    [InlineData("2026-12-15", "2026-12", false)]
    [InlineData("2026-12", "2026-12", false)]
    [InlineData(null, "2026-12", false)]
    public void AnAcceptance_IsOlder_WhenItsDateFallsBeforeTheCurrentNotice(string? accepted, string current, bool older) =>
        Assert.Equal(older, ConsentLedger.IsOlder(accepted, current));
}
