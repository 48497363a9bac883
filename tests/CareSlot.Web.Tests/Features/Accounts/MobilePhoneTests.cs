using CareSlot.Web.Features.Accounts;
using PhoneNumbers;

namespace CareSlot.Web.Tests.Features.Accounts;

public sealed class MobilePhoneTests
{
    [Theory]
    [InlineData("+44 7400 123456", null, "+447400123456")]
    [InlineData("+447400123456", null, "+447400123456")]
    [InlineData("+49 1512 3456789", null, "+4915123456789")]
    [InlineData("+1 201-555-0123", null, "+12015550123")] // US: FIXED_LINE_OR_MOBILE
    [InlineData("+33 6 12 34 56 78", "GB", "+33612345678")] // the country code wins over the region
    [InlineData("07400 123456", "GB", "+447400123456")]
    [InlineData("07400 123456", " gb ", "+447400123456")]
    [InlineData("0044 7400 123456", "GB", "+447400123456")]
    [InlineData("(201) 555-0123", "US", "+12015550123")]
    public void Parse_ValidMobile_ReturnsE164(string input, string? region, string expected)
    {
        var result = MobilePhone.Parse(input, region);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(expected, result.E164);
        Assert.Null(result.Error);
    }

    [Theory]
    [InlineData("GB")]
    [InlineData("DE")]
    [InlineData("FR")]
    [InlineData("US")]
    public void Parse_LibraryExampleMobile_IsAccepted(string region)
    {
        var util = PhoneNumberUtil.GetInstance();
        var example = util.Format(util.GetExampleNumberForType(region, PhoneNumberType.MOBILE), PhoneNumberFormat.INTERNATIONAL);

        var result = MobilePhone.Parse(example, null);

        Assert.True(result.IsValid, $"{example}: {result.Error}");
    }

    [Theory]
    [InlineData("+44 20 7946 0000")] // London
    [InlineData("+49 30 23125010")] // Berlin
    [InlineData("020 7946 0000")]
    public void Parse_FixedLine_AsksForMobile(string input)
    {
        var result = MobilePhone.Parse(input, "GB");

        Assert.False(result.IsValid);
        Assert.Equal("Enter a mobile number: we send verification codes by SMS.", result.Error);
    }

    [Theory]
    [InlineData(null, "GB")]
    [InlineData("", "GB")]
    [InlineData("   ", "GB")]
    [InlineData("07400 123456", null)]
    [InlineData("07400 123456", "")]
    [InlineData("07400 123456", "XX")]
    public void Parse_EmptyOrWithoutCountryCode_AsksForNumberWithCountryCode(string? input, string? region)
    {
        var result = MobilePhone.Parse(input, region);

        Assert.False(result.IsValid);
        Assert.Null(result.E164);
        Assert.Equal(
            "Enter a phone number, including the country code (for example +44 7400 123456).",
            result.Error);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("+44 77OO 9OO123")] // letter O: read as a keypad 6, this is +44 7766 966123
    [InlineData("1-800-FLOWERS")]
    [InlineData("+447400123456 ext. 5")]
    [InlineData("+44 7400 123456 #5")]
    [InlineData("+")]
    [InlineData("++44")]
    [InlineData("+999 123456")]
    [InlineData("12")]
    [InlineData("+44 7700 900123")] // Ofcom's drama range: libphonenumber says not a valid number
    [InlineData("\0")]
    public void Parse_NotAPhoneNumber_ReturnsInvalid(string input)
    {
        var result = MobilePhone.Parse(input, "US");

        Assert.False(result.IsValid);
        Assert.Equal("This is not a valid phone number.", result.Error);
    }

    [Theory]
    [InlineData(50, true)]
    [InlineData(51, false)]
    [InlineData(500, false)]
    public void Parse_LongInput_IsRefusedAboveFiftyCharacters(int length, bool valid)
    {
        var result = MobilePhone.Parse("+44 7400 123456".PadRight(length), null);

        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void Parse_FiveHundredDigits_ReturnsInvalid()
    {
        var result = MobilePhone.Parse(new string('1', 500), "GB");

        Assert.Equal("This is not a valid phone number.", result.Error);
    }

    [Theory]
    [InlineData("+493023125010", "+49 30 23125010")]
    [InlineData("+447400123456", "+44 7400 123456")]
    [InlineData("+12015550123", "+1 201-555-0123")]
    public void Format_E164_ReturnsInternationalFormat(string e164, string expected)
    {
        Assert.Equal(expected, MobilePhone.Format(e164));
    }

    [Fact]
    public void Format_Unreadable_ReturnsInputUnchanged()
    {
        Assert.Equal("not a number", MobilePhone.Format("not a number"));
    }
}
