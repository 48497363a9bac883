namespace CareSlot.Web.Features.Records;

/// <summary>The words of medical history pages and refusals; RecordsText.resx (English) and .de.resx.</summary>
public sealed class RecordsText;
