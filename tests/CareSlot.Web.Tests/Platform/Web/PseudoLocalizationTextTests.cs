using CareSlot.Web.Platform.Web;

namespace CareSlot.Web.Tests.Platform.Web;

/// <summary>The pseudo-language's text: marked, longer, and still a valid format string and valid HTML.</summary>
public sealed class PseudoLocalizationTextTests
{
    [Fact]
    public void Text_IsBracketedAccentedAndAThirdLonger()
    {
        var pseudo = PseudoLocalization.Transform("Find a doctor");

        Assert.StartsWith("[Ƒíñð á ðóçţóŕ ", pseudo, StringComparison.Ordinal);
        Assert.EndsWith("~~~~]", pseudo, StringComparison.Ordinal);
        Assert.True(pseudo.Length >= "Find a doctor".Length * 4 / 3, pseudo);
    }

    [Fact]
    public void PlaceholdersTagsAndEntities_StayAsTheyAre()
    {
        var pseudo = PseudoLocalization.Transform("Hold until <strong>{0}</strong> &amp; {1:N0}");

        Assert.Contains("<strong>{0}</strong> &amp; {1:N0}", pseudo, StringComparison.Ordinal);
        Assert.StartsWith("[Ĥóļð úñţíļ ", pseudo, StringComparison.Ordinal);
        Assert.StartsWith("[Ĥóļð úñţíļ <strong>x</strong> &amp; 7 ", string.Format(System.Globalization.CultureInfo.InvariantCulture, pseudo, "x", 7), StringComparison.Ordinal);
    }

    /// <summary>The padding wraps like words do, so a long text cannot overflow a narrow screen by padding alone.</summary>
    [Fact]
    public void Padding_ComesInWordsOfAtMostTen()
    {
        var pseudo = PseudoLocalization.Transform(new string('a', 90));

        Assert.All(pseudo.TrimEnd(']').Split(' ').Skip(1), word => Assert.InRange(word.Length, 1, 10));
    }
}
