using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Chain;

/// <summary>
/// Puts a chain together: the hops of the selected profile first, then the roles of the command
/// line, each with the parameters its call sends. Where both say something, the command line wins,
/// except for <c>external_id</c>, which belongs to its profile's role (<c>--external-id</c> fills in
/// where the profile has none). MFA goes on the first hop that needs it (a profile's
/// <c>mfa_serial</c>; the first hop when <c>--mfa-serial</c> alone is given); tags on the first hop;
/// session policies on the last; the source identity on every hop from the first that sets it.
/// </summary>
public static class ChainPlanBuilder
{
    /// <summary>
    /// Builds and checks the plan from the profile's hops (each with the parameters its profile
    /// gives) and the command line's roles and <paramref name="options"/>; every violation is bad
    /// input, found before any call. <paramref name="mfaCodeGiven"/>: <c>--mfa-code</c> was given.
    /// </summary>
    public static ChainPlan Build(IReadOnlyList<Hop> profileHops, IReadOnlyList<RoleReference> roles, HopParameters options, bool mfaCodeGiven = false)
    {
        ArgumentNullException.ThrowIfNull(profileHops);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(options);
        var count = profileHops.Count + roles.Count;
        if (count == 0)
        {
            RejectHopOptionsWithoutHops(options, mfaCodeGiven);
            return new ChainPlan([], options.SessionName);
        }

        var serials = profileHops.Select(h => h.Parameters.MfaSerial).Concat(roles.Select(_ => (string?)null)).ToArray();
        if (options.MfaSerial is not null)
        {
            var first = Array.FindIndex(serials, s => s is not null);
            serials[first < 0 ? 0 : first] = options.MfaSerial;
        }

        if (mfaCodeGiven && serials.All(s => s is null))
        {
            throw AssumeRoleException.BadInput("--mfa-code needs an MFA device: give --mfa-serial ARN too, or use a profile with mfa_serial");
        }

        var sourceIdentities = SourceIdentities(profileHops, count, options.SourceIdentity);
        var commandLine = options with { SessionName = null };
        var hops = new List<Hop>(count);
        for (var index = 0; index < count; index++)
        {
            var fromProfile = index < profileHops.Count ? profileHops[index].Parameters : HopParameters.None;
            var role = index < profileHops.Count ? profileHops[index].Role : roles[index - profileHops.Count];

            // The command line's duration wins over the profile's; the profile's external ID and
            // session name win (the session name only when --session-name is not given at all).
            var parameters = commandLine.FillFrom(fromProfile) with
            {
                ExternalId = fromProfile.ExternalId ?? options.ExternalId,
                SessionName = options.SessionName is null ? fromProfile.SessionName : null,
                Profile = fromProfile.Profile,
                MfaSerial = serials[index],
                SourceIdentity = sourceIdentities[index],
                Tags = index == 0 ? options.Tags : SessionTagSet.Empty,
                Policy = index == count - 1 ? options.Policy : null,
                PolicyArns = index == count - 1 ? options.PolicyArns : [],
            };
            hops.Add(new Hop(role, parameters with { DurationSeconds = parameters.RequestedSeconds }));
        }

        return new ChainPlan(hops, options.SessionName);
    }

    // STS keeps the first source identity set in a chain: one given value for all hops, or each
    // profile's from its hop on, and two profiles may not disagree.
    private static string?[] SourceIdentities(IReadOnlyList<Hop> profileHops, int count, string? given)
    {
        var identities = new string?[count];
        HopParameters? setBy = null;
        for (var index = 0; index < count; index++)
        {
            var hop = index < profileHops.Count ? profileHops[index].Parameters : null;
            if (given is null && hop?.SourceIdentity is { } identity)
            {
                if (setBy is not null && setBy.SourceIdentity != identity)
                {
                    throw AssumeRoleException.BadInput(
                        $"profiles '{setBy.Profile}' and '{hop.Profile}' set different source_identity values ('{setBy.SourceIdentity}', '{identity}'): STS keeps the first for the whole chain",
                        "give one with --source-identity, or make the profiles agree");
                }

                setBy ??= hop;
            }

            identities[index] = given ?? setBy?.SourceIdentity;
        }

        return identities;
    }

    private static void RejectHopOptionsWithoutHops(HopParameters options, bool mfaCodeGiven)
    {
        var given = new (bool Given, string Name)[]
        {
            (options.MfaSerial is not null, "--mfa-serial"),
            (mfaCodeGiven, "--mfa-code"),
            (options.SourceIdentity is not null, "--source-identity"),
            (!options.Tags.IsEmpty, "--tag"),
            (options.Policy is not null, "--policy"),
            (options.PolicyArns.Count > 0, "--policy-arn"),
        }.Where(o => o.Given).Select(o => o.Name).ToList();
        if (given.Count > 0)
        {
            throw AssumeRoleException.BadInput($"{string.Join(", ", given)} given, but there is no ROLE to assume (they are sent with AssumeRole)");
        }
    }
}
