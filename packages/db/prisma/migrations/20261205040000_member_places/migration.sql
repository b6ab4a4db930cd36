-- Where a member sits, for finding members by place (/members?q=, the sign-up form's typeahead): the region or
-- nation of an MP's constituency and the local authorities it lies in, from the bundled MP list. The Members API
-- gives neither, so a live refresh of a member keeps them.
-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "region" TEXT,
ADD COLUMN     "localAuthorities" TEXT[] DEFAULT ARRAY[]::TEXT[];
