using CareSlot.Web.Platform.Web.Idempotency;

namespace CareSlot.Web.Tests.Platform.Web.Idempotency;

/// <summary>The header's own rule; what the endpoints do with it is in Features/Appointments/IdempotencyKeyTests.</summary>
public sealed class IdempotencyKeysTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("0b6c1c4e-2f0e-4c55-9d8a-6f1f3e2b7a90", true)]
    [InlineData("with space and ~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("tab\there", false)]
    [InlineData("new\nline", false)]
    [InlineData("del\u007f", false)]
    [InlineData("clé", false)]
    public void IsValidKey_AcceptsOneTo255PrintableAsciiCharacters(string? key, bool valid) =>
        Assert.Equal(valid, IdempotencyKeys.IsValidKey(key));

    [Fact]
    public void IsValidKey_Accepts255CharactersAndRefuses256() =>
        Assert.Equal((true, false), (IdempotencyKeys.IsValidKey(new string('k', 255)), IdempotencyKeys.IsValidKey(new string('k', 256))));
}
