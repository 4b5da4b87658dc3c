using System.Net.Sockets;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// The STS calls through the official AWS SDK for .NET. One client per call, built explicitly
/// from the hop's credentials and the resolved endpoint (no SDK path that creates clients by
/// reflection: those fail under Native AOT).
/// </summary>
public sealed class SdkStsGateway(StsEndpoint endpoint, IChainLog? debug = null) : IStsGateway
{
    /// <summary>How long one HTTP attempt may take before it counts as a timeout.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public async Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken)
    {
        using var client = CreateClient(credentials);
        debug?.Debug($"GetCallerIdentity at {endpoint.Describe()} with key {credentials.MaskedAccessKeyId}");
        var response = await Call(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken), cancellationToken).ConfigureAwait(false);
        return new CallerIdentity(response.UserId ?? string.Empty, response.Account ?? string.Empty, response.Arn ?? string.Empty);
    }

    /// <inheritdoc />
    public async Task<AssumedRole> AssumeRoleAsync(AwsCredentials credentials, AssumeRoleCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var client = CreateClient(credentials);
        var request = new AssumeRoleRequest
        {
            RoleArn = call.RoleArn,
            RoleSessionName = call.SessionName,
            DurationSeconds = call.DurationSeconds,
            ExternalId = call.ExternalId,
        };
        debug?.Debug($"AssumeRole {call.RoleArn} session {call.SessionName} for {call.DurationSeconds}s at {endpoint.Describe()} with key {credentials.MaskedAccessKeyId}");
        var response = await Call(() => client.AssumeRoleAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        var issued = response.Credentials ?? throw new StsException("InvalidResponse", "AssumeRole returned no credentials", unreachable: false);
        return new AssumedRole(
            new AwsCredentials(
                issued.AccessKeyId,
                issued.SecretAccessKey,
                issued.SessionToken,
                issued.Expiration is { } expiration ? new DateTimeOffset(DateTime.SpecifyKind(expiration.ToUniversalTime(), DateTimeKind.Utc)) : null),
            response.AssumedRoleUser?.Arn ?? string.Empty,
            response.AssumedRoleUser?.AssumedRoleId ?? string.Empty);
    }

    private AmazonSecurityTokenServiceClient CreateClient(AwsCredentials credentials)
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            Timeout = AttemptTimeout,
            MaxErrorRetry = 2,
        };

        if (endpoint.EndpointUrl is { } url)
        {
            // Setting ServiceURL alone is not enough when a region is also known (the SDK then
            // goes to the regional host): set the signing region explicitly too.
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = endpoint.SigningRegion;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(endpoint.SigningRegion);
        }

        AWSCredentials sdkCredentials = credentials.IsTemporary
            ? new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken)
            : new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey);
        return new AmazonSecurityTokenServiceClient(sdkCredentials, config);
    }

    private async Task<T> Call<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted (Ctrl+C), not unreachable: the caller reports it as such.
            throw;
        }
        catch (AmazonServiceException e) when (!string.IsNullOrEmpty(e.ErrorCode))
        {
            throw new StsException(e.ErrorCode, Messages.OneLine(e.Message), unreachable: false, e);
        }
        catch (Exception e) when (IsNetworkFailure(e))
        {
            throw new StsException("EndpointUnreachable", $"could not reach {endpoint.Describe()}: {Messages.OneLine(Innermost(e).Message)}", unreachable: true, e);
        }
        catch (AmazonClientException e)
        {
            throw new StsException("ClientError", Messages.OneLine(e.Message), unreachable: false, e);
        }
    }

    private static bool IsNetworkFailure(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
