using System.Net.WebSockets;

namespace MusicEmotion.Outputs.Api;

/// <summary>
/// Sends one client's queued readings over its WebSocket until the client closes, the connection breaks or the
/// server stops, then ends the connection politely. Anything the client sends is read and ignored, which is how
/// its close (or its disappearance) is noticed.
/// </summary>
internal static class ApiWebSocketStream
{
    private static readonly TimeSpan ClosingPatience = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(WebSocket socket, ApiClientQueue client, CancellationToken stopping)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task listening = ListenAsync(socket, ended);
        WebSocketMessageType type = client.Format == ApiMessageFormat.Json ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        try
        {
            await foreach (byte[] message in client.Messages.ReadAllAsync(ended.Token).ConfigureAwait(false))
            {
                await socket.SendAsync(message, type, endOfMessage: true, ended.Token).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // The client left, the connection broke, or the server is stopping: all end the stream the same way.
        }
        await CloseAsync(socket, stopping.IsCancellationRequested ? "server stopping" : "bye").ConfigureAwait(false);
        ended.CancelAfter(ClosingPatience);
        await listening.ConfigureAwait(false);
    }

    private static async Task ListenAsync(WebSocket socket, CancellationTokenSource ended)
    {
        byte[] ignored = new byte[512];
        try
        {
            while (true)
            {
                WebSocketReceiveResult received = await socket.ReceiveAsync(ignored, ended.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // Gone without a close message, or the stream ended first.
        }
        finally
        {
            await ended.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task CloseAsync(WebSocket socket, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        using var patience = new CancellationTokenSource(ClosingPatience);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, patience.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException)
        {
            // The client is not listening any more; the connection is dropped instead.
        }
    }
}
