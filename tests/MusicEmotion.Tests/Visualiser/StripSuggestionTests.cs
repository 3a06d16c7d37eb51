using MusicEmotion.Library.Search;
using MusicEmotion.Library.Storage;
using MusicEmotion.Pipeline.Sinks;
using MusicEmotion.Tests.Library;
using MusicEmotion.Tests.Outputs;
using MusicEmotion.Tests.Support;
using MusicEmotion.Tests.Visualiser.Support;
using MusicEmotion.Visualiser;
using MusicEmotion.Visualiser.Feed;
using MusicEmotion.Visualiser.Imaging;
using MusicEmotion.Visualiser.Rendering;
using MusicEmotion.Visualiser.Window;

namespace MusicEmotion.Tests.Visualiser;

/// <summary>
/// live --view --library --suggest: the suggestion sink ranks a real scanned SQLite catalog, the view sink hands each
/// ranking to the feed, and the real window (Xvfb, Mesa) lists it in the side strip. The same session without a
/// library draws no list: the screenshots tell the two apart, and the strip is the only place they differ.
/// </summary>
[Collection(DisplayCollection.Name)]
public sealed class StripSuggestionTests(DisplayFixture display) : IDisposable
{
    private static readonly ViewOptions Small = new() { Width = 960, Height = 540, VSync = false, Title = "MusicEmotion test" };

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void TheStripListsTheSuggestionsOnlyWhenALibraryIsGiven()
    {
        display.Require();
        string library = _folder.File("library.db");
        for (int i = 0; i < 3; i++)
        {
            LibraryMusic.Write(_folder, $"music/track{i}.wav", seed: i);
        }
        Assert.Equal(0, LibraryCli.Scan(library, _folder.File("music")).ExitCode);
        CatalogIndex index;
        using (ILibraryStore store = SqliteLibraryStore.Open(library, create: false))
        {
            index = CatalogIndex.Load(store);
        }

        var board = new LiveSuggestions();
        RgbaImage with = Session([new SuggestionSink(index, 3, board)], board, out ViewFeed fed, out ViewLayout layout);
        RgbaImage without = Session([], null, out _, out _);
        string shotWith = Screenshots.Save(with, "strip-suggestions");
        string shotWithout = Screenshots.Save(without, "strip-no-suggestions");

        Assert.Equal(3, fed.Suggestions.Count);
        Assert.Same(board.Ranked, fed.Suggestions);
        PixelRect strip = layout.Strip!.Value;
        int inside = 0, outside = 0;
        for (int y = 0; y < with.Height; y++)
        {
            for (int x = 0; x < with.Width; x++)
            {
                if (Pixels.Difference(with, without, x, y) > 8)
                {
                    if (x >= strip.X && y >= strip.Y && y < strip.Bottom)
                    {
                        inside++;
                    }
                    else
                    {
                        outside++;
                    }
                }
            }
        }
        Assert.True(outside == 0, $"{outside} pixels outside the strip changed; see {shotWith} and {shotWithout}");
        Assert.True(inside > 500, $"only {inside} strip pixels changed with suggestions; see {shotWith} and {shotWithout}");
        // The top suggestion is written in the primary text colour, which the live strip otherwise uses only for
        // the level meter's peak mark: its glyphs are the text the list adds.
        var text = MusicEmotion.Visualiser.Style.ViewPalette.Standard.Text;
        int Bright(RgbaImage image)
        {
            int n = 0;
            for (int y = (int)strip.Y; y < (int)strip.Bottom; y++)
            {
                for (int x = (int)strip.X; x < image.Width; x++)
                {
                    n += Pixels.Distance(image[x, y], text) <= 24 ? 1 : 0;
                }
            }
            return n;
        }
        int brightWith = Bright(with), brightWithout = Bright(without);
        Assert.True(brightWith > brightWithout + 40, $"text-coloured strip pixels: {brightWith} with suggestions, {brightWithout} without; see {shotWith}");
    }

    /// <summary>Feeds 6 s of readings through the sinks live wires (suggestions first, then the view) and draws the last frame.</summary>
    private static RgbaImage Session(IReadingSink[] before, LiveSuggestions? board, out ViewFeed feed, out ViewLayout layout)
    {
        using VisualiserWindow window = VisualiserWindow.Open(Small);
        feed = new ViewFeed();
        var view = new ViewSink(feed, suggestions: board);
        IReadingSink[] sinks = [.. before, view];
        foreach (IReadingSink sink in sinks)
        {
            sink.Start(SampleReadings.Session());
        }
        for (int seq = 0; seq < 12; seq++)
        {
            foreach (IReadingSink sink in sinks)
            {
                sink.Write(SampleReadings.Reading(seq));
            }
        }
        window.RenderFrame(feed, 10);
        layout = window.Layout;
        return window.Capture();
    }
}
