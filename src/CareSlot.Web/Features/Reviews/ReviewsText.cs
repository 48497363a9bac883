namespace CareSlot.Web.Features.Reviews;

/// <summary>The words of the review pages and refusals; ReviewsText.resx holds them, a file per language beside it.</summary>
public sealed class ReviewsText;
