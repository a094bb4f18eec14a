/* confine: multi-call entry point (placeholder until the front end lands). */
#include <stdio.h>
int main(void)
{
	return 0;
}
