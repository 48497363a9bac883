using System.Security.Cryptography;
using System.Text;
using CareSlot.Web.Platform.Security.Encryption;

namespace CareSlot.Web.Tests.Platform.Security.Encryption;

/// <summary>The seal itself: authenticated, bound to its row and column, named by its key, and unambiguous from plaintext.</summary>
public sealed class FieldProtectorTests
{
    private static readonly PhiKey K1 = new("k1", RandomNumberGenerator.GetBytes(32));
    private static readonly PhiKey K2 = new("k2", RandomNumberGenerator.GetBytes(32));
    private static readonly Guid Row = Guid.CreateVersion7();

    private static FieldProtector Protector(params PhiKey[] keys) => new(new PhiKeyRing(keys));

    [Fact]
    public void Seal_Text_OpensAgainAndNamesItsKeyInAVersionedPrefix()
    {
        var sealedText = Protector(K1).Seal("Pain: knee", Row, "Reason");

        Assert.StartsWith("phi1:k1:", sealedText, StringComparison.Ordinal);
        Assert.DoesNotContain("knee", sealedText, StringComparison.Ordinal);
        Assert.Equal("k1", FieldProtector.KeyIdOf(sealedText));
        Assert.Equal("Pain: knee", Protector(K1).Open(sealedText, Row, "Reason"));
    }

    [Fact]
    public void Seal_SameTextTwice_GivesDifferentValues()
    {
        var protector = Protector(K1);

        Assert.NotEqual(protector.Seal("Cough", Row, "Reason"), protector.Seal("Cough", Row, "Reason"));
    }

    [Fact]
    public void Open_TamperedText_Fails()
    {
        var sealedText = Protector(K1).Seal("Cough", Row, "Reason");
        var body = Convert.FromBase64String(sealedText["phi1:k1:".Length..]);
        body[^20] ^= 0x01;

        Assert.Throws<CryptographicException>(() => Protector(K1).Open("phi1:k1:" + Convert.ToBase64String(body), Row, "Reason"));
        Assert.Throws<CryptographicException>(() => Protector(K1).Open(sealedText[..^4], Row, "Reason"));
        Assert.Throws<CryptographicException>(() => Protector(K1).Open("phi1:k1:not base64!", Row, "Reason"));
    }

    [Fact]
    public void Open_WithAnotherRowOrColumn_Fails()
    {
        var sealedText = Protector(K1).Seal("Cough", Row, "Reason");

        Assert.Throws<CryptographicException>(() => Protector(K1).Open(sealedText, Guid.CreateVersion7(), "Reason"));
        Assert.Throws<CryptographicException>(() => Protector(K1).Open(sealedText, Row, "Note"));
    }

    [Fact]
    public void Open_ValueOfAnOlderKey_StillOpensWhileTheNewestSeals()
    {
        var old = Protector(K1).Seal("Cough", Row, "Reason");
        var ring = Protector(K1, K2);

        Assert.Equal("Cough", ring.Open(old, Row, "Reason"));
        Assert.StartsWith("phi1:k2:", ring.Seal("Cough", Row, "Reason"), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_KeyNotInTheRing_SaysWhichKeyIsMissing_AndShowsNoContent()
    {
        var sealedText = Protector(K2).Seal("Cough", Row, "Reason");

        var error = Assert.Throws<CryptographicException>(() => Protector(K1).Open(sealedText, Row, "Reason"));

        Assert.Contains("'k2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not in the key ring", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Cough", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SameIdWithOtherKeyMaterial_Fails()
    {
        var sealedText = Protector(K1).Seal("Cough", Row, "Reason");

        Assert.Throws<CryptographicException>(() => Protector(new PhiKey("k1", RandomNumberGenerator.GetBytes(32))).Open(sealedText, Row, "Reason"));
    }

    [Theory]
    [InlineData("Pain: knee")]
    [InlineData("k1:abc")]
    [InlineData("")]
    public void PlaintextFromBeforeEncryption_IsNotTakenForSealed(string legacy)
    {
        Assert.False(FieldProtector.IsSealed(legacy));
        Assert.Null(FieldProtector.KeyIdOf(legacy));
        Assert.Equal(legacy, Protector(K1).OpenOrLegacy(legacy, Row, "Reason"));
        Assert.Throws<CryptographicException>(() => Protector(K1).Open(legacy, Row, "Reason"));
    }

    [Fact]
    public void Blob_RoundTrips_StartsWithTheSamePrefixAsText_AndIsBoundToItsRow()
    {
        var content = RandomNumberGenerator.GetBytes(1000);
        var sealedBlob = Protector(K1, K2).SealBytes(content, Row, "Content");

        Assert.True(sealedBlob.AsSpan().StartsWith("phi1:k2:"u8));
        Assert.Equal("k2", FieldProtector.KeyIdOf(sealedBlob));
        Assert.Equal(content, Protector(K1, K2).OpenBytes(sealedBlob, Row, "Content"));
        Assert.Throws<CryptographicException>(() => Protector(K1, K2).OpenBytes(sealedBlob, Guid.CreateVersion7(), "Content"));
        Assert.Throws<CryptographicException>(() => Protector(K1).OpenBytes(sealedBlob, Row, "Content"));
        sealedBlob[^1] ^= 0x80;
        Assert.Throws<CryptographicException>(() => Protector(K1, K2).OpenBytes(sealedBlob, Row, "Content"));
        Assert.Throws<CryptographicException>(() => Protector(K1).OpenBytes(content, Row, "Content"));
    }

    [Fact]
    public void SealedLength_HoldsTheLongestPlaintextUnderTheLongestKeyId()
    {
        var longest = new PhiKey(new string('z', PhiKeyRing.MaxKeyIdLength), RandomNumberGenerator.GetBytes(32));
        // Three UTF-8 bytes per UTF-16 character is the most: a surrogate pair is two characters and four bytes.
        var text = new string('€', 1000);

        var sealedText = Protector(longest).Seal(text, Row, "Reason");

        Assert.Equal(3000, Encoding.UTF8.GetByteCount(text));
        Assert.True(sealedText.Length <= FieldProtector.SealedLength(1000), $"{sealedText.Length} > {FieldProtector.SealedLength(1000)}");
    }

    [Theory]
    [InlineData("K1")]
    [InlineData("k-1")]
    [InlineData("k:1")]
    [InlineData("")]
    [InlineData("abcdefghijklmnopq")]
    public void KeyRing_RefusesIdsUnsafeInAFileNameOrThePrefix(string id)
    {
        Assert.Throws<ArgumentException>(() => new PhiKeyRing([new PhiKey(id, RandomNumberGenerator.GetBytes(32))]));
    }

    [Fact]
    public void KeyRing_RefusesAKeyOfAnotherLength()
    {
        Assert.Throws<ArgumentException>(() => new PhiKeyRing([new PhiKey("k1", RandomNumberGenerator.GetBytes(16))]));
    }
}
